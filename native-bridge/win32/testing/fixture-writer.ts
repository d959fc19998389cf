/**
 * TEST ONLY. Writes IP Helper table bytes the way Windows lays them out, with every field at an
 * explicit offset taken from the documented C declarations (tcpmib.h, iprtrmib.h), written
 * out here on purpose instead of read from layouts.ts: a wrong layout in layouts.ts then cannot
 * agree with itself, and the decoder tests catch it.
 *
 * Padding (after dwNumEntries, and anything after the last row) is filled with junk, never zeros,
 * so a decoder that reads padding or reads past dwNumEntries gets garbage, not a plausible row.
 */

export type FixtureKind =
  'tcp-table2' | 'tcp6-table2' | 'tcp6-table' | 'tcp-owner-pid' | 'tcp6-owner-pid' | 'tcp-owner-module' | 'tcp6-owner-module';

export interface FixtureRow {
  /** Raw dwState / State value (1..12 are valid). */
  state: number;
  /** 4 bytes (IPv4 tables) or 16 bytes (IPv6 tables), network order. */
  local: readonly number[];
  localPort: number;
  remote: readonly number[];
  remotePort: number;
  /** Junk for the undefined high 16 bits of the port DWORDs. */
  portJunk?: number;
  localScopeId?: number;
  remoteScopeId?: number;
  pid?: number;
  offloadState?: number;
  /** FILETIME (100 ns since 1601) for liCreateTimestamp. */
  createTimestamp?: bigint;
}

export interface FixtureOptions {
  /** Byte used for padding and the tail. Default 0xAA. */
  junk?: number;
  /** Extra junk bytes after the last row (a buffer bigger than the table). */
  tail?: number;
  /** Write this dwNumEntries instead of the real count. */
  countOverride?: number;
}

type Writer = (buf: Buffer, o: number, r: FixtureRow) => void;

interface KindSpec {
  /** Offset of the first row. */
  rowsAt: number;
  /** sizeof(row). */
  stride: number;
  write: Writer;
}

const u32 = (buf: Buffer, o: number, v: number) => buf.writeUInt32LE(v >>> 0, o);
/** A port DWORD: network-order port in the first two bytes (the low 16 bits), junk in the rest. */
const port = (buf: Buffer, o: number, p: number, junk = 0) => {
  buf[o] = (p >> 8) & 0xff;
  buf[o + 1] = p & 0xff;
  buf[o + 2] = (junk >> 8) & 0xff;
  buf[o + 3] = junk & 0xff;
};
const bytes = (buf: Buffer, o: number, b: readonly number[], n: number) => {
  if (b.length !== n) throw new Error(`fixture: address must be ${n} bytes, got ${b.length}`);
  for (let i = 0; i < n; i++) buf[o + i] = b[i];
};
/**
 * A scope id: a host-order (little-endian) DWORD holding SOCKADDR_IN6.sin6_scope_id, the interface
 * index, as Windows writes it; not network order as the reference pages say (see
 * docs/windows-scope-ids.md). Written byte by byte, low byte first, so the writer shares nothing
 * with the decoder's reading.
 */
const scope = (buf: Buffer, o: number, v: number | undefined) => {
  const x = (v ?? 0) >>> 0;
  buf[o] = x & 0xff;
  buf[o + 1] = (x >>> 8) & 0xff;
  buf[o + 2] = (x >>> 16) & 0xff;
  buf[o + 3] = (x >>> 24) & 0xff;
};
const filetime = (buf: Buffer, o: number, v: bigint | undefined) => buf.writeBigInt64LE(v ?? 0n, o);
/** OwningModuleInfo: opaque; filled with a recognizable pattern. */
const opaque = (buf: Buffer, o: number, n: number) => {
  for (let i = 0; i < n; i++) buf[o + i] = (0x30 + i) & 0xff;
};

/** MIB_TCPROW_OWNER_PID, 24 bytes; MIB_TCPROW_OWNER_MODULE begins with the same fields. */
const writeOwnerPidRow: KindSpec['write'] = (b, o, r) => {
  u32(b, o + 0, r.state);
  bytes(b, o + 4, r.local, 4);
  port(b, o + 8, r.localPort, r.portJunk);
  bytes(b, o + 12, r.remote, 4);
  port(b, o + 16, r.remotePort, r.portJunk);
  u32(b, o + 20, r.pid ?? 0);
};
/** MIB_TCP6ROW_OWNER_PID, 56 bytes, addresses first, state and PID last; the OWNER_MODULE row begins with it. */
const writeOwnerPidRow6: KindSpec['write'] = (b, o, r) => {
  bytes(b, o + 0, r.local, 16); // ucLocalAddr
  scope(b, o + 16, r.localScopeId);
  port(b, o + 20, r.localPort, r.portJunk);
  bytes(b, o + 24, r.remote, 16); // ucRemoteAddr
  scope(b, o + 40, r.remoteScopeId);
  port(b, o + 44, r.remotePort, r.portJunk);
  u32(b, o + 48, r.state); // dwState
  u32(b, o + 52, r.pid ?? 0); // dwOwningPid
};

const SPECS: Record<FixtureKind, KindSpec> = {
  // MIB_TCPTABLE2: DWORD dwNumEntries; MIB_TCPROW2 table[] — rows at 4, 28 bytes each.
  'tcp-table2': {
    rowsAt: 4,
    stride: 28,
    write: (b, o, r) => {
      u32(b, o + 0, r.state); // dwState
      bytes(b, o + 4, r.local, 4); // dwLocalAddr
      port(b, o + 8, r.localPort, r.portJunk); // dwLocalPort
      bytes(b, o + 12, r.remote, 4); // dwRemoteAddr
      port(b, o + 16, r.remotePort, r.portJunk); // dwRemotePort
      u32(b, o + 20, r.pid ?? 0); // dwOwningPid
      u32(b, o + 24, r.offloadState ?? 0); // dwOffloadState
    },
  },
  // MIB_TCP6TABLE2: rows at 4, MIB_TCP6ROW2 is 60 bytes.
  'tcp6-table2': {
    rowsAt: 4,
    stride: 60,
    write: (b, o, r) => {
      bytes(b, o + 0, r.local, 16); // LocalAddr
      scope(b, o + 16, r.localScopeId); // dwLocalScopeId
      port(b, o + 20, r.localPort, r.portJunk); // dwLocalPort
      bytes(b, o + 24, r.remote, 16); // RemoteAddr
      scope(b, o + 40, r.remoteScopeId); // dwRemoteScopeId
      port(b, o + 44, r.remotePort, r.portJunk); // dwRemotePort
      u32(b, o + 48, r.state); // State
      u32(b, o + 52, r.pid ?? 0); // dwOwningPid
      u32(b, o + 56, r.offloadState ?? 0); // dwOffloadState
    },
  },
  // MIB_TCP6TABLE: rows at 4, MIB_TCP6ROW is 52 bytes, State first, no PID.
  'tcp6-table': {
    rowsAt: 4,
    stride: 52,
    write: (b, o, r) => {
      u32(b, o + 0, r.state); // State
      bytes(b, o + 4, r.local, 16); // LocalAddr
      scope(b, o + 20, r.localScopeId); // dwLocalScopeId
      port(b, o + 24, r.localPort, r.portJunk); // dwLocalPort
      bytes(b, o + 28, r.remote, 16); // RemoteAddr
      scope(b, o + 44, r.remoteScopeId); // dwRemoteScopeId
      port(b, o + 48, r.remotePort, r.portJunk); // dwRemotePort
    },
  },
  // MIB_TCPTABLE_OWNER_PID: rows at 4, 24 bytes.
  'tcp-owner-pid': {
    rowsAt: 4,
    stride: 24,
    write: writeOwnerPidRow,
  },
  // MIB_TCP6TABLE_OWNER_PID: rows at 4, 56 bytes; addresses first, state and PID last.
  'tcp6-owner-pid': {
    rowsAt: 4,
    stride: 56,
    write: writeOwnerPidRow6,
  },
  // MIB_TCPTABLE_OWNER_MODULE: the LARGE_INTEGER makes the row 8-aligned, so 4 bytes of padding
  // after dwNumEntries: rows at 8, 160 bytes each (24 + 8 + 16 * 8).
  'tcp-owner-module': {
    rowsAt: 8,
    stride: 160,
    write: (b, o, r) => {
      writeOwnerPidRow(b, o, r);
      filetime(b, o + 24, r.createTimestamp); // liCreateTimestamp
      opaque(b, o + 32, 128); // OwningModuleInfo[16]
    },
  },
  // MIB_TCP6TABLE_OWNER_MODULE: rows at 8, 192 bytes each (56 + 8 + 16 * 8).
  'tcp6-owner-module': {
    rowsAt: 8,
    stride: 192,
    write: (b, o, r) => {
      writeOwnerPidRow6(b, o, r);
      filetime(b, o + 56, r.createTimestamp);
      opaque(b, o + 64, 128);
    },
  },
};

/**
 * A MIB_TCPROW (SetTcpEntry's argument), 20 bytes: DWORD dwState at 0, dwLocalAddr at 4,
 * dwLocalPort at 8, dwRemoteAddr at 12, dwRemotePort at 16; the ports' undefined high halves zero.
 */
export function writeTcpRow(r: FixtureRow): Buffer {
  const buf = Buffer.alloc(20);
  u32(buf, 0, r.state);
  bytes(buf, 4, r.local, 4);
  port(buf, 8, r.localPort, r.portJunk);
  bytes(buf, 12, r.remote, 4);
  port(buf, 16, r.remotePort, r.portJunk);
  return buf;
}

/** The table bytes for `rows`, laid out as `kind`. */
export function writeFixture(kind: FixtureKind, rows: readonly FixtureRow[], options: FixtureOptions = {}): Buffer {
  const spec = SPECS[kind];
  const length = spec.rowsAt + rows.length * spec.stride + (options.tail ?? 0);
  const buf = Buffer.alloc(Math.max(length, 4), options.junk ?? 0xaa);
  buf.writeUInt32LE(options.countOverride ?? rows.length, 0);
  rows.forEach((r, i) => spec.write(buf, spec.rowsAt + i * spec.stride, r));
  return buf;
}

/** The documented row sizes and first-row offsets, for tests that check the layouts. */
export const DOCUMENTED = Object.fromEntries(
  Object.entries(SPECS).map(([k, s]) => [k, { rowsAt: s.rowsAt, stride: s.stride }]),
) as Record<FixtureKind, { rowsAt: number; stride: number }>;

/** IPv4 bytes from dotted text. */
export const v4 = (text: string): number[] => text.split('.').map(Number);

/** IPv6 bytes from all eight groups written out (no `::`), e.g. `fe80:0:0:0:0:0:0:1`. */
export function v6(text: string): number[] {
  const groups = text.split(':');
  if (groups.length !== 8) throw new Error(`fixture: write all 8 groups of ${text}`);
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [(n >> 8) & 0xff, n & 0xff];
  });
}

/** FILETIME for an ISO time, with extra 100 ns ticks below the millisecond. */
export function filetimeOf(iso: string, extraTicks = 0n): bigint {
  return (BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n + extraTicks;
}
