/**
 * Pure parser for /proc/net/tcp and /proc/net/tcp6 (the fallback when netlink is refused).
 * Format from net/ipv4/tcp_ipv4.c and net/ipv6/tcp_ipv6.c: addresses are hex dumps of the
 * in-memory (network order) words printed as host-order integers, so each 32-bit word has
 * its bytes reversed on little-endian machines; ports and state are plain hex numbers.
 * No byte or RTT counters in this format: those fields stay null.
 */
import type { AddressFamily } from '../../main/common/types';
import { AddressTextCache } from '../../main/common/address-format';
import { emptySocketRecord, linuxTcpState, type SocketRecord } from './tcp-row';

const HEX_WORD = /^[0-9A-Fa-f]{8}$/;
const HEX_PORT = /^[0-9A-Fa-f]{4}$/;
const HEX_STATE = /^[0-9A-Fa-f]{2}$/;
const DECIMAL = /^\d+$/;

/** /proc prints each word as a host-order integer: turn it back into network order. */
const hostIsLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function networkWord(hex: string): number {
  const w = parseInt(hex, 16);
  if (!hostIsLittleEndian) return w >>> 0;
  return (((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0;
}

const defaultAddressCache = new AddressTextCache();

/**
 * Parses the whole text of one /proc/net/tcp{,6} file, calling `onSocket` once per socket
 * with a record reused for the next one. `source` names the file in error messages, which
 * are one line and give the line number (1 = the header).
 */
export function parseProcNetTcp(
  text: string,
  family: AddressFamily,
  onSocket: (record: SocketRecord) => void,
  source = family === 'ipv4' ? '/proc/net/tcp' : '/proc/net/tcp6',
  addresses: AddressTextCache = defaultAddressCache,
): void {
  const lines = text.split('\n');
  if (!/^\s*sl\s+local_address/.test(lines[0] ?? '')) throw new Error(`${source} line 1: not a TCP table header`);
  const record = emptySocketRecord();
  record.family = family;
  const addressWords = family === 'ipv4' ? 1 : 4;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const fail = (what: string): Error => new Error(`${source} line ${i + 1}: ${what}`);
    const f = line.trim().split(/\s+/);
    if (f.length < 10) throw fail(`expected at least 10 fields, found ${f.length}`);
    const local = parseEndpoint(f[1], addressWords, addresses);
    if (!local) throw fail(`malformed local address "${f[1]}"`);
    const remote = parseEndpoint(f[2], addressWords, addresses);
    if (!remote) throw fail(`malformed remote address "${f[2]}"`);
    const state = HEX_STATE.test(f[3]) ? linuxTcpState(parseInt(f[3], 16)) : undefined;
    if (!state) throw fail(`unknown TCP state "${f[3]}"`);
    if (!DECIMAL.test(f[7])) throw fail(`malformed uid "${f[7]}"`);
    if (!DECIMAL.test(f[9])) throw fail(`malformed inode "${f[9]}"`);
    record.localAddress = local.address;
    record.localPort = local.port;
    record.remoteAddress = remote.address;
    record.remotePort = remote.port;
    record.state = state;
    record.uid = Number(f[7]);
    record.inode = Number(f[9]);
    onSocket(record);
  }
}

function parseEndpoint(text: string, words: number, addresses: AddressTextCache): { address: string; port: number } | null {
  const colon = text.indexOf(':');
  if (colon !== words * 8) return null;
  const port = text.slice(colon + 1);
  if (!HEX_PORT.test(port)) return null;
  const w: number[] = [];
  for (let i = 0; i < words; i++) {
    const hex = text.slice(i * 8, i * 8 + 8);
    if (!HEX_WORD.test(hex)) return null;
    w.push(networkWord(hex));
  }
  const address = words === 1 ? addresses.ipv4(w[0]) : addresses.ipv6(w[0], w[1], w[2], w[3]);
  return { address, port: parseInt(port, 16) };
}
