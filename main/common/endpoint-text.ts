/** How endpoints and protocols are written, the same in the CLI and the UI. Pure (common layer). */
import type { AddressFamily, TcpRow } from './types';

/** An address with its IPv6 zone index where it has one, as ss prints it: `fe80::1%3`. */
export function scopedAddress(address: string, scopeId: number | undefined): string {
  return scopeId ? `${address}%${scopeId}` : address;
}

/** `addr:port`, with IPv6 in brackets and a scope id as `%id`, as ss prints them: `[fe80::1%3]:22`. */
export function endpointText(address: string, port: number, scopeId?: number): string {
  const scoped = scopedAddress(address, scopeId);
  return address.includes(':') ? `[${scoped}]:${port}` : `${scoped}:${port}`;
}

export const localEndpoint = (row: TcpRow): string => endpointText(row.localAddress, row.localPort, row.localScopeId);
export const remoteEndpoint = (row: TcpRow): string => endpointText(row.remoteAddress, row.remotePort, row.remoteScopeId);

/** TCPView's protocol column: TCP or TCPv6. */
export function protocolName(family: AddressFamily): 'TCP' | 'TCPv6' {
  return family === 'ipv6' ? 'TCPv6' : 'TCP';
}
