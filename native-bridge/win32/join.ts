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

/** A decoded table, with where each entry was in the previous poll's (table-reuse.ts), if known. */
export interface JoinInput {
  entries: readonly DecodedEntry[];
  /** Per entry: its index in the previous poll's entries, -1 if new. */
  previousIndex?: Int32Array;
  /** Per previous entry: its index in these entries, -1 if gone. */
  currentIndexOf?: Int32Array;
}

/** How the entries of a state table and an extended table were paired. */
export interface Pairing {
  /** Per state entry: the index of its extended entry, -1 if the extended table did not list it. */
  partnerOfState: Int32Array;
  /** The extended entries no state entry has, in order (connections opened between the two calls). */
  extendedOnly: number[];
}

/**
 * The join key: the identity, and the PID where both tables carry one. Two processes can listen on
 * one address:port (SO_REUSEADDR), so endpoints alone would pair their rows by order and give one
 * the other's creation time and module. GetTcp6Table has no PID: its rows join on the endpoints.
 */
const joinKey = (row: TcpRow, withPid: boolean): string =>
  withPid && row.pid !== null ? `${identityKey(row)} ${row.pid}` : identityKey(row);

/** What joinKey compares, compared field by field (no strings built). */
function sameJoinKey(a: TcpRow, b: TcpRow, withPid: boolean): boolean {
  return (
    a.localPort === b.localPort &&
    a.remotePort === b.remotePort &&
    a.localAddress === b.localAddress &&
    a.remoteAddress === b.remoteAddress &&
    (a.localScopeId ?? 0) === (b.localScopeId ?? 0) &&
    (a.remoteScopeId ?? 0) === (b.remoteScopeId ?? 0) &&
    (!withPid || a.pid === b.pid)
  );
}

/** How far ahead in the extended table the side-by-side walk looks for a state entry's partner. */
const WALK_WINDOW = 4;

/**
 * Pairs the state table's entries with the extended table's. Two entries the previous poll paired
 * are paired again when both came back unchanged (no key is built for them: a steady poll builds
 * none); the rest are matched by join key. Keys may repeat (a table can list the same endpoints
 * twice while a socket is being replaced): each extended entry is used once, in order.
 */
export function pairTables(state: JoinInput, extended: JoinInput, previous: Pairing | null): Pairing {
  const s = state.entries;
  const e = extended.entries;
  const partnerOfState = new Int32Array(s.length).fill(-1);
  const used = new Uint8Array(e.length);
  let unpaired = s.length;
  if (previous && state.previousIndex && extended.currentIndexOf) {
    const was = state.previousIndex;
    const now = extended.currentIndexOf;
    for (let i = 0; i < s.length; i++) {
      const k = was[i];
      const m = k >= 0 ? previous.partnerOfState[k] : -1;
      const m2 = m >= 0 ? now[m] : -1;
      if (m2 >= 0 && used[m2] === 0) {
        partnerOfState[i] = m2;
        used[m2] = 1;
        unpaired--;
      }
    }
  }
  const withPid = s.some((x) => x.row.pid !== null);
  if (unpaired > 0 && e.length > s.length - unpaired) {
    // Both calls return their tables sorted the same way: walk them side by side first, comparing
    // fields, and build keys only for what that leaves.
    let c = 0;
    for (let i = 0; i < s.length; i++) {
      if (partnerOfState[i] >= 0) continue;
      while (c < e.length && used[c] === 1) c++;
      for (let m = c; m < c + WALK_WINDOW && m < e.length; m++) {
        if (used[m] === 0 && sameJoinKey(s[i].row, e[m].row, withPid)) {
          partnerOfState[i] = m;
          used[m] = 1;
          unpaired--;
          c = m + 1;
          break;
        }
      }
    }
  }
  if (unpaired > 0 && e.length > s.length - unpaired) {
    const byKey = new Map<string, number[]>();
    for (let m = 0; m < e.length; m++) {
      if (used[m] === 1) continue;
      const key = joinKey(e[m].row, withPid);
      const list = byKey.get(key);
      if (list) list.push(m);
      else byKey.set(key, [m]);
    }
    for (let i = 0; i < s.length && byKey.size > 0; i++) {
      if (partnerOfState[i] >= 0) continue;
      const list = byKey.get(joinKey(s[i].row, withPid));
      if (!list || list.length === 0) continue;
      const m = list.shift()!;
      partnerOfState[i] = m;
      used[m] = 1;
    }
  }
  const extendedOnly: number[] = [];
  for (let m = 0; m < e.length; m++) if (used[m] === 0) extendedOnly.push(m);
  return { partnerOfState, extendedOnly };
}

/** The row of one joined connection: the state table's values, the creation time (and a missing PID) from the extended one. */
export function joinedRow(state: DecodedEntry | null, extended: DecodedEntry | null): TcpRow {
  const row: TcpRow = { ...(state ?? extended)!.row };
  if (state && extended) {
    if (row.pid === null) row.pid = extended.row.pid;
    row.createdAt = extended.row.createdAt;
  }
  return row;
}
