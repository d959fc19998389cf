/** `list --resolve`: each row with the host names of its addresses and the service names of its ports. */
import type { TcpRow } from '../common/types';
import { serviceName } from '../common/services';
import { resolveAll } from '../monitor/names/resolve-all';
import { rowAddresses } from '../monitor/names/table-addresses';

/** The fields `--resolve` adds to a row (README "Formats"): null where there is no name. */
export interface RowNames {
  localHost: string | null;
  remoteHost: string | null;
  localService: string | null;
  remoteService: string | null;
}
export type NamedRow = TcpRow & RowNames;

/**
 * `list` does nothing else while it waits, so it may use the whole libuv thread pool (4 threads
 * by default), where the monitor keeps to 2 to leave room for file I/O.
 */
const LIST_LOOKUPS_IN_FLIGHT = 4;

export async function withNames(rows: readonly TcpRow[]): Promise<NamedRow[]> {
  const addresses = new Set<string>();
  for (const row of rows) for (const address of rowAddresses(row)) addresses.add(address);
  const names = await resolveAll(addresses, { maxInFlight: LIST_LOOKUPS_IN_FLIGHT });
  return rows.map((row) => {
    const [local, remote] = rowAddresses(row);
    return {
      ...row,
      localHost: names.get(local) ?? null,
      remoteHost: names.get(remote) ?? null,
      localService: serviceName(row.localPort),
      remoteService: serviceName(row.remotePort),
    };
  });
}
