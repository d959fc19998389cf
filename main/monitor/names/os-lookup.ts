/**
 * Asks the OS for an address's name, as getnameinfo does: the hosts file, then DNS PTR (in the
 * order nsswitch.conf gives). Node's `lookupService` is getnameinfo on the libuv thread pool.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';
import os from 'node:os';

/** The scoped address text `scopedAddress()` writes (`fe80::1%3`), taken apart again. */
export function splitScope(address: string): { address: string; scopeId?: number } {
  const at = address.indexOf('%');
  if (at < 0) return { address };
  const scopeId = Number(address.slice(at + 1));
  return Number.isInteger(scopeId) && scopeId > 0 ? { address: address.slice(0, at), scopeId } : { address };
}

/**
 * The text getnameinfo gets for a scoped address. libuv reads the zone after `%` as an interface
 * name on Unix (if_nametoindex: `%3` would become scope 0, i.e. no scope) and as a number on
 * Windows, so on Unix the scope id becomes its interface's name.
 */
export function lookupText(address: string, interfaceName: (scopeId: number) => string | undefined): string {
  const { address: bare, scopeId } = splitScope(address);
  if (scopeId === undefined || process.platform === 'win32') return address;
  const name = interfaceName(scopeId);
  return name === undefined ? bare : `${bare}%${name}`;
}

/** The interface with this index, from its IPv6 addresses (an interface with a link-local peer has one). */
function interfaceName(scopeId: number): string | undefined {
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    if (addresses?.some((a) => a.family === 'IPv6' && a.scopeid === scopeId)) return name;
  }
  return undefined;
}

/** The address's name, or null where it has none (a numeric answer, no record, or a failed lookup). */
export async function osLookup(address: string): Promise<string | null> {
  try {
    const { hostname } = await dns.promises.lookupService(lookupText(address, interfaceName), 0);
    return hostname === '' || isIP(hostname) !== 0 ? null : hostname;
  } catch {
    return null; // ENOTFOUND, EAI_AGAIN (no DNS server answered): no name, retried after the negative TTL
  }
}
