/**
 * Pure field decoders for the IP Helper tables: bytes at a layout's offsets in, row values out.
 * No koffi, no OS calls: these run and are tested on any OS.
 */
import { OFFLOAD_STATES, TCP_STATES, type OffloadState, type TcpState } from '../types';
import type { Field } from './layouts';

/**
 * `dwLocalPort` / `dwRemotePort`: a DWORD whose low 16 bits hold the port in network byte order;
 * the high 16 bits may be uninitialized. In memory (little-endian DWORD) the low 16 bits are the
 * first two bytes, and network order puts the high byte of the port first.
 */
export function readPort(buf: Buffer, base: number, field: Field): number {
  return buf.readUInt16BE(base + field.offset);
}

/** An `in_addr` DWORD: its four bytes in memory are the address in network order. */
export function readIPv4(buf: Buffer, base: number, field: Field): string {
  const o = base + field.offset;
  return `${buf[o]}.${buf[o + 1]}.${buf[o + 2]}.${buf[o + 3]}`;
}

/** IN6_ADDR / UCHAR[16], network order, as RFC 5952 text. */
export function readIPv6(buf: Buffer, base: number, field: Field): string {
  return formatIPv6(buf.subarray(base + field.offset, base + field.offset + 16));
}

/** A scope id DWORD in network byte order (seed documents: "use ntohl"). */
export function readScopeId(buf: Buffer, base: number, field: Field): number {
  return buf.readUInt32BE(base + field.offset);
}

export function readU32(buf: Buffer, base: number, field: Field): number {
  return buf.readUInt32LE(base + field.offset);
}

/** A FILETIME in a LARGE_INTEGER: 100 ns intervals since 1601-01-01 UTC, little-endian. */
export function readFiletime(buf: Buffer, base: number, field: Field): bigint {
  return buf.readBigInt64LE(base + field.offset);
}

/** 100 ns intervals from 1601-01-01 to 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;
/** 9999-12-31T23:59:59.999Z: past that a FILETIME is garbage, and not plain ISO-8601 either. */
const MAX_ISO_MS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** FILETIME → ISO-8601 (millisecond precision, truncated); 0, negative or past year 9999 → null. */
export function filetimeToIso(filetime: bigint): string | null {
  if (filetime <= 0n) return null;
  // Floor division on the 100 ns count, so times before 1970 round down too.
  const delta = filetime - FILETIME_UNIX_EPOCH;
  let ms = delta / 10_000n;
  if (delta < 0n && delta % 10_000n !== 0n) ms -= 1n;
  if (ms > MAX_ISO_MS) return null;
  return new Date(Number(ms)).toISOString();
}

/** MIB_TCP_STATE (1..12) → the row's state; anything else → null. */
export function tcpState(value: number): TcpState | null {
  return value >= 1 && value <= TCP_STATES.length ? TCP_STATES[value - 1] : null;
}

/** TCP_CONNECTION_OFFLOAD_STATE (0..3) → the row's offload state; anything else → null. */
export function offloadState(value: number): OffloadState | null {
  return value >= 0 && value < OFFLOAD_STATES.length ? OFFLOAD_STATES[value] : null;
}

/**
 * RFC 5952 text for 16 network-order bytes: lowercase hex, no leading zeros, the longest run of
 * two or more zero groups (the first of equal runs) as `::`, and IPv4-mapped addresses as
 * `::ffff:a.b.c.d`.
 */
export function formatIPv6(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`an IPv6 address is 16 bytes, got ${bytes.length}`);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestLen < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}
