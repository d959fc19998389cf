/**
 * Pure field decoders for the IP Helper tables: bytes at a layout's offsets in, row values out.
 * No koffi, no OS calls: these run and are tested on any OS.
 */
import { OFFLOAD_STATES, TCP_STATES, type OffloadState, type TcpState } from '../../main/common/types';
import type { Field } from './layouts';
import { formatIPv6 as formatIPv6Words } from '../../main/common/address-format';

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

/**
 * A scope id DWORD (`dwLocalScopeId` / `dwRemoteScopeId` of MIB_TCP6ROW, MIB_TCP6ROW2 and
 * MIB_TCP6ROW_OWNER_*): a host-order (little-endian) DWORD, the same value as
 * SOCKADDR_IN6.sin6_scope_id (the interface index). The reference pages say "network byte order";
 * Windows does not store it so. Do not swap it: docs/windows-scope-ids.md has the evidence.
 */
export function readScopeId(buf: Buffer, base: number, field: Field): number {
  return buf.readUInt32LE(base + field.offset);
}

export function readU32(buf: Buffer, base: number, field: Field): number {
  return buf.readUInt32LE(base + field.offset);
}

/** A FILETIME in a LARGE_INTEGER: 100 ns intervals since 1601-01-01 UTC, little-endian. */
export function readFiletime(buf: Buffer, base: number, field: Field): bigint {
  return buf.readBigInt64LE(base + field.offset);
}

/** The same FILETIME as ISO-8601 (filetimeToIso), read without BigInt. */
export function readFiletimeIso(buf: Buffer, base: number, field: Field): string | null {
  const o = base + field.offset;
  return filetimeWordsToIso(buf.readUInt32LE(o), buf.readUInt32LE(o + 4));
}

/** Milliseconds from 1601-01-01 to 1970-01-01. */
const FILETIME_UNIX_EPOCH_MS = 11_644_473_600_000;
/** 9999-12-31T23:59:59.999Z: past that a FILETIME is garbage, and not plain ISO-8601 either. */
const MAX_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** FILETIME → ISO-8601 (millisecond precision, truncated); 0, negative or past year 9999 → null. */
export function filetimeToIso(filetime: bigint): string | null {
  return filetimeWordsToIso(Number(filetime & 0xffff_ffffn), Number((filetime >> 32n) & 0xffff_ffffn));
}

/**
 * The same from the FILETIME's two DWORDs (low, high), in exact integer arithmetic on doubles and
 * without BigInt, which costs a microsecond a row: floor((high·2³² + low) / 10⁴), where
 * 2³² = 429 496 · 10⁴ + 7 296 keeps every intermediate below 2⁵³.
 */
export function filetimeWordsToIso(low: number, high: number): string | null {
  if (high >= 0x8000_0000 || (high === 0 && low === 0)) return null;
  const ms = high * 429_496 + Math.floor((high * 7_296 + low) / 10_000) - FILETIME_UNIX_EPOCH_MS;
  return ms > MAX_ISO_MS ? null : new Date(ms).toISOString();
}

/** MIB_TCP_STATE (1..12) → the row's state; anything else → null. */
export function tcpState(value: number): TcpState | null {
  return value >= 1 && value <= TCP_STATES.length ? TCP_STATES[value - 1] : null;
}

/** TCP_CONNECTION_OFFLOAD_STATE (0..3) → the row's offload state; anything else → null. */
export function offloadState(value: number): OffloadState | null {
  return value >= 0 && value < OFFLOAD_STATES.length ? OFFLOAD_STATES[value] : null;
}

/** RFC 5952 text for 16 network-order bytes (IN6_ADDR), through the one shared formatter. */
export function formatIPv6(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`an IPv6 address is 16 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return formatIPv6Words(view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12));
}
