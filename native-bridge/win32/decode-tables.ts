/**
 * Pure table decoders: the bytes one of the IP Helper calls wrote into its output buffer in,
 * rows out. The layouts come from layouts.ts; nothing here needs koffi or Windows.
 */
import type { TcpRow } from '../../main/common/types';
import {
  offloadState,
  readFiletime,
  readFiletimeIso,
  readIPv4,
  readIPv6,
  readPort,
  readScopeId,
  readU32,
  tcpState,
} from './decode-fields';
import { NUM_ENTRIES_SIZE, TABLES, tableByteLength, type Field, type TableKind, type TableLayout } from './layouts';

/** The bytes are not a table of this kind: too short for its header, or for the rows it claims. */
export class TableFormatError extends Error {
  override name = 'TableFormatError';
}

export interface DecodedEntry {
  row: TcpRow;
  /** The raw liCreateTimestamp FILETIME (OWNER_MODULE tables); null where the table has none. */
  createTimestamp: bigint | null;
  /** Where this row starts in the buffer (GetOwnerModuleFromTcp*Entry takes the row itself). */
  offset: number;
}

export interface SkippedRow {
  index: number;
  /** The dwState value that is not a MIB_TCP_STATE (1..12). */
  state: number;
}

export interface DecodedTable {
  kind: TableKind;
  layout: TableLayout;
  /** dwNumEntries. */
  count: number;
  entries: DecodedEntry[];
  /** Rows whose state is not 1..12: left out rather than guessed. */
  skipped: SkippedRow[];
  /** The bytes the table occupies (header, padding and dwNumEntries rows); the rest is not table. */
  byteLength: number;
}

/**
 * Checks the header and the count against the buffer: a short buffer or a dwNumEntries larger
 * than the bytes hold is a TableFormatError, before any row is read.
 */
export function tableExtent(kind: TableKind, buf: Uint8Array): { count: number; byteLength: number } {
  const layout = TABLES[kind];
  if (buf.length < NUM_ENTRIES_SIZE) {
    throw new TableFormatError(`${layout.name}: ${buf.length} bytes is shorter than the table header (the 4-byte dwNumEntries)`);
  }
  const count = Buffer.from(buf.buffer, buf.byteOffset, buf.length).readUInt32LE(0);
  if (count === 0) return { count, byteLength: NUM_ENTRIES_SIZE };
  const byteLength = tableByteLength(layout, count);
  if (byteLength > buf.length) {
    const fits = Math.max(0, Math.floor((buf.length - layout.rowsOffset) / layout.row.size));
    throw new TableFormatError(
      `${layout.name}: dwNumEntries is ${count} but the ${buf.length} bytes hold at most ${fits} ` +
        `rows of ${layout.row.size} bytes (rows start at offset ${layout.rowsOffset})`,
    );
  }
  return { count, byteLength };
}

const UNSPECIFIED = { ipv4: '0.0.0.0', ipv6: '::' } as const;

/** The fields every table's rows have, checked once per layout. */
interface RowReader {
  layout: TableLayout;
  state: Field;
  localAddr: Field;
  localPort: Field;
  remoteAddr: Field;
  remotePort: Field;
  readAddr: (buf: Buffer, base: number, field: Field) => string;
}

const readers = new Map<TableKind, RowReader>();

function rowReader(kind: TableKind): RowReader {
  let r = readers.get(kind);
  if (!r) {
    const layout = TABLES[kind];
    const f = layout.row.fields;
    const need = (field: Field | undefined, role: string): Field => {
      if (!field) throw new Error(`${layout.row.name} has no ${role} field`);
      return field;
    };
    r = {
      layout,
      state: need(f.state, 'state'),
      localAddr: need(f.localAddr, 'localAddr'),
      localPort: need(f.localPort, 'localPort'),
      remoteAddr: need(f.remoteAddr, 'remoteAddr'),
      remotePort: need(f.remotePort, 'remotePort'),
      readAddr: layout.family === 'ipv4' ? readIPv4 : readIPv6,
    };
    readers.set(kind, r);
  }
  return r;
}

/** The raw dwState of the row at `base`. */
export function rawState(kind: TableKind, buf: Buffer, base: number): number {
  return readU32(buf, base, rowReader(kind).state);
}

/** Decodes the row at `base`; null when its state is not a MIB_TCP_STATE (1..12). */
export function decodeRow(kind: TableKind, buf: Buffer, base: number): DecodedEntry | null {
  const rd = rowReader(kind);
  const f = rd.layout.row.fields;
  const family = rd.layout.family;
  const state = tcpState(readU32(buf, base, rd.state));
  if (state === null) return null;
  // A listener's remote endpoint "has no meaning" (MIB_TCPROW2 / MIB_TCP6ROW2 reference pages): it is shown as unspecified.
  const listening = state === 'LISTEN';
  const row: TcpRow = {
    family,
    localAddress: rd.readAddr(buf, base, rd.localAddr),
    localPort: readPort(buf, base, rd.localPort),
    remoteAddress: listening ? UNSPECIFIED[family] : rd.readAddr(buf, base, rd.remoteAddr),
    remotePort: listening ? 0 : readPort(buf, base, rd.remotePort),
    state,
    pid: f.pid ? readU32(buf, base, f.pid) : null,
    processName: null,
    offloadState: f.offloadState ? offloadState(readU32(buf, base, f.offloadState)) : null,
    createdAt: null,
    module: null,
  };
  if (f.localScopeId) row.localScopeId = readScopeId(buf, base, f.localScopeId);
  if (f.remoteScopeId) row.remoteScopeId = listening ? 0 : readScopeId(buf, base, f.remoteScopeId);
  let createTimestamp: bigint | null = null;
  if (f.createTimestamp) {
    createTimestamp = readFiletime(buf, base, f.createTimestamp);
    row.createdAt = readFiletimeIso(buf, base, f.createTimestamp);
  }
  return { row: orderRow(row), createTimestamp, offset: base };
}

/** Decodes one table. Reads only dwNumEntries rows, whatever follows them in the buffer. */
export function decodeTable(kind: TableKind, bytes: Uint8Array): DecodedTable {
  const buf = asBuffer(bytes);
  const layout = TABLES[kind];
  const { count, byteLength } = tableExtent(kind, buf);
  const entries: DecodedEntry[] = [];
  const skipped: SkippedRow[] = [];
  for (let i = 0; i < count; i++) {
    const base = layout.rowsOffset + i * layout.row.size;
    const entry = decodeRow(kind, buf, base);
    if (entry) entries.push(entry);
    else skipped.push({ index: i, state: rawState(kind, buf, base) });
  }
  return { kind, layout, count, entries, skipped, byteLength };
}

export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** One property order for every row, so the JSON reads the same whichever table it came from. */
function orderRow(r: TcpRow): TcpRow {
  const out: TcpRow = {
    family: r.family,
    localAddress: r.localAddress,
    localPort: r.localPort,
  } as TcpRow;
  if (r.localScopeId !== undefined) out.localScopeId = r.localScopeId;
  out.remoteAddress = r.remoteAddress;
  out.remotePort = r.remotePort;
  if (r.remoteScopeId !== undefined) out.remoteScopeId = r.remoteScopeId;
  out.state = r.state;
  out.pid = r.pid;
  out.processName = r.processName;
  out.offloadState = r.offloadState;
  out.createdAt = r.createdAt;
  out.module = r.module;
  return out;
}
