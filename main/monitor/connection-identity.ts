import type { TcpRow } from '../../native-bridge/types';

/**
 * A connection's identity: family + both endpoints (address, port, scope id). The address text
 * already tells the family (only IPv6 text has ':'), so the key leaves it out; scope ids appear
 * only where set. Several live sockets can share one (SO_REUSEPORT listeners): the differ tells
 * them apart.
 */
export function identityKey(row: TcpRow): string {
  const local = row.localScopeId ? `${row.localAddress}%${row.localScopeId}` : row.localAddress;
  const remote = row.remoteScopeId ? `${row.remoteAddress}%${row.remoteScopeId}` : row.remoteAddress;
  return `${local} ${row.localPort} ${remote} ${row.remotePort}`;
}
