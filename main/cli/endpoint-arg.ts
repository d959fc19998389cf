/**
 * Endpoints as the CLI takes them, written as `list` prints them: `127.0.0.1:8080`,
 * `[::1]:8080`, `[fe80::1%2]:22` (scope = interface index). Parsed with ipaddr.js, then written
 * back with the functions that write every row's addresses, so equal addresses compare equal
 * as text whatever form they were typed in (`[0:0::1]` is `::1`).
 */
import ipaddr from 'ipaddr.js';
import { formatIPv4, formatIPv6 } from '../common/address-format';
import type { AddressFamily, TcpRow } from '../common/types';
import { UsageError } from './cli-errors';

export interface Endpoint {
  family: AddressFamily;
  /** As rows write it: dotted quad, RFC 5952. */
  address: string;
  port: number;
  /** IPv6 zone index; undefined where none was given. */
  scopeId?: number;
}

const EXAMPLES = '(write it as 127.0.0.1:8080, [::1]:8080 or [fe80::1%2]:22)';

/** Reads one endpoint argument; a UsageError names the argument and what is wrong with it. */
export function parseEndpointArg(command: string, name: string, text: string): Endpoint {
  const fail = (what: string): never => {
    throw new UsageError(`sockscope ${command}: ${name} '${text}': ${what}`);
  };
  const bracketed = /^\[([^\]]*)\]:(\d*)$/.exec(text);
  if (bracketed) {
    const [, inner, port] = bracketed;
    const [host, zone] = inner.split('%', 2) as [string, string | undefined];
    if (!ipaddr.IPv6.isValid(host)) fail(`'${host}' is not an IPv6 address`);
    let scopeId: number | undefined;
    if (zone !== undefined) {
      if (!/^\d+$/.test(zone) || Number(zone) < 1 || Number(zone) > 2 ** 32 - 1) {
        fail(`the scope '%${zone}' must be an interface index, a number as 'ip link' shows it`);
      }
      scopeId = Number(zone);
    }
    const w = ipaddr.IPv6.parse(host).parts;
    const address = formatIPv6((w[0] << 16) | w[1], (w[2] << 16) | w[3], (w[4] << 16) | w[5], (w[6] << 16) | w[7]);
    return { family: 'ipv6', address, port: portOf(port, fail), ...(scopeId === undefined ? {} : { scopeId }) };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0 || /^\[[^\]]*\]$/.test(text)) fail(`it needs a port ${EXAMPLES}`);
  const host = text.slice(0, colon);
  if (host.includes(':')) fail(`an IPv6 address goes in brackets ${EXAMPLES}`);
  if (!ipaddr.IPv4.isValidFourPartDecimal(host)) fail(`'${host}' is not an IPv4 address (a.b.c.d)`);
  const [a, b, c, d] = ipaddr.IPv4.parse(host).octets;
  return {
    family: 'ipv4',
    address: formatIPv4(((a << 24) | (b << 16) | (c << 8) | d) >>> 0),
    port: portOf(text.slice(colon + 1), fail),
  };
}

function portOf(text: string, fail: (what: string) => never): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535) fail(`the port must be a number from 0 to 65535, got '${text}'`);
  return port;
}

/** True if `row` has exactly these endpoints (scope ids included). */
export function hasEndpoints(row: TcpRow, local: Endpoint, remote: Endpoint): boolean {
  return (
    row.family === local.family &&
    row.localPort === local.port &&
    row.remotePort === remote.port &&
    row.localAddress === local.address &&
    row.remoteAddress === remote.address &&
    (row.localScopeId || undefined) === local.scopeId &&
    (row.remoteScopeId || undefined) === remote.scopeId
  );
}
