/**
 * TCPIP_OWNER_MODULE_BASIC_INFO, as GetOwnerModuleFromTcp*Entry writes it: two PWCHAR pointers
 * (module name, module path) followed, in the same buffer, by the strings they point to.
 * Pure: the caller passes the buffer's address so the pointers can be turned into offsets.
 */
import { TCPIP_OWNER_MODULE_BASIC_INFO } from './layouts';

export interface OwnerModule {
  name: string | null;
  path: string | null;
}

/** A NUL-terminated UTF-16LE string from `start`, never reading past `end`. */
export function readWideString(buf: Buffer, start: number, end = buf.length): string {
  let stop = start;
  while (stop + 1 < end && (buf[stop] !== 0 || buf[stop + 1] !== 0)) stop += 2;
  return buf.toString('utf16le', start, stop);
}

/**
 * Decodes the basic info. `address` is where `buf` lives in memory. A pointer into the buffer is
 * read from the buffer; a null pointer is null; a pointer elsewhere goes to `readElsewhere` (the
 * FFI layer's reader), or is null without one.
 */
export function decodeOwnerModuleBasicInfo(
  buf: Buffer,
  address: bigint,
  readElsewhere?: (pointer: bigint) => string | null,
): OwnerModule {
  const { fields, size } = TCPIP_OWNER_MODULE_BASIC_INFO;
  if (buf.length < size) throw new Error(`TCPIP_OWNER_MODULE_BASIC_INFO needs ${size} bytes, got ${buf.length}`);
  const read = (offset: number): string | null => {
    const pointer = buf.readBigUInt64LE(offset);
    if (pointer === 0n) return null;
    const end = address + BigInt(buf.length);
    if (pointer >= address && pointer < end) return readWideString(buf, Number(pointer - address));
    return readElsewhere ? readElsewhere(pointer) : null;
  };
  return { name: read(fields.pModuleName.offset), path: read(fields.pModulePath.offset) };
}

/** What the grid shows as "Module / service": the module name, else the file name of its path. */
export function moduleLabel(info: OwnerModule): string | null {
  if (info.name) return info.name;
  if (info.path) return basenameWin(info.path);
  return null;
}

/** The last component of a Windows path (either separator). */
export function basenameWin(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}
