import type { TcpRow } from '../../native-bridge/types';

/**
 * A connection's identity: family + both endpoints (address, port, scope id).
 * Several live sockets can share one (SO_REUSEPORT listeners): the differ tells them apart.
 */
export function identityKey(row: TcpRow): string {
  return `${row.family}|${row.localAddress}|${row.localPort}|${row.localScopeId ?? ''}|${row.remoteAddress}|${row.remotePort}|${row.remoteScopeId ?? ''}`;
}
