import { scopedAddress } from './endpoint-text';
import type { TcpRow } from './types';

/**
 * A connection's identity: both endpoints (address with scope id, port). The address text
 * already tells the family (only IPv6 text has ':'), so the key leaves it out. Several live
 * sockets can share one (SO_REUSEPORT listeners): the differ and the Windows join tell them apart.
 */
export function identityKey(row: TcpRow): string {
  return `${scopedAddress(row.localAddress, row.localScopeId)} ${row.localPort} ${scopedAddress(row.remoteAddress, row.remoteScopeId)} ${row.remotePort}`;
}
