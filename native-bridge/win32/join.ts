/**
 * One row per connection from several tables. GetTcpTable2 / GetTcp6Table2 (or GetTcp6Table) give
 * the state, PID and offload state; GetExtendedTcpTable (OWNER_MODULE, or OWNER_PID as the
 * fallback) gives the creation time and the row GetOwnerModuleFromTcp*Entry needs. They are
 * separate calls, so a connection can open or close between them: rows are matched by identity
 * (family, both endpoints with scope ids) and owning PID, the state table's values win, and a
 * connection only one table saw is still one row.
 */
import type { TcpRow } from '../../main/common/types';
import { identityKey } from '../../main/common/connection-identity';
import type { DecodedEntry } from './decode-tables';

export interface JoinedRow {
  row: TcpRow;
  /** The matching extended-table entry (for the module lookup), if the extended table had one. */
  extended: DecodedEntry | null;
}

/**
 * The join key: the identity, and the PID where both tables carry one. Two processes can listen on
 * one address:port (SO_REUSEADDR), so endpoints alone would pair their rows by order and give one
 * the other's creation time and module. GetTcp6Table has no PID: its rows join on the endpoints.
 */
const joinKey = (row: TcpRow, withPid: boolean): string =>
  withPid && row.pid !== null ? `${identityKey(row)} ${row.pid}` : identityKey(row);

/**
 * Joins the state table's entries with the extended table's. Keys may repeat (a table can list the
 * same endpoints twice while a socket is being replaced): each extended entry is used once, in order.
 */
export function joinTables(stateEntries: readonly DecodedEntry[], extendedEntries: readonly DecodedEntry[]): JoinedRow[] {
  const withPid = stateEntries.some((e) => e.row.pid !== null);
  const byKey = new Map<string, DecodedEntry[]>();
  for (const e of extendedEntries) {
    const key = joinKey(e.row, withPid);
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const out: JoinedRow[] = [];
  for (const s of stateEntries) {
    const list = byKey.get(joinKey(s.row, withPid));
    const ext = list && list.length > 0 ? list.shift()! : null;
    const row: TcpRow = { ...s.row };
    if (ext) {
      if (row.pid === null) row.pid = ext.row.pid;
      row.createdAt = ext.row.createdAt;
    }
    out.push({ row, extended: ext });
  }
  // Connections only the extended table saw (opened between the calls).
  for (const list of byKey.values()) {
    for (const ext of list) out.push({ row: { ...ext.row }, extended: ext });
  }
  return out;
}
