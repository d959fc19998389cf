/**
 * Pure table decoders: the bytes one of the IP Helper calls wrote into its output buffer in,
 * rows out. The layouts come from layouts.ts; nothing here needs koffi or Windows.
 */
import type { TcpRow } from '../../main/common/types';
import {
  filetimeToIso,
  offloadState,
  readFiletime,
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

/** Decodes one table. Reads only dwNumEntries rows, whatever follows them in the buffer. */
export function decodeTable(kind: TableKind, bytes: Uint8Array): DecodedTable {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const layout = TABLES[kind];
  const { count, byteLength } = tableExtent(kind, buf);
  const f = layout.row.fields;
  const family = layout.family;
  const need = (field: Field | undefined, role: string): Field => {
    if (!field) throw new Error(`${layout.row.name} has no ${role} field`);
    return field;
  };
  const stateF = need(f.state, 'state');
  const localAddrF = need(f.localAddr, 'localAddr');
  const localPortF = need(f.localPort, 'localPort');
  const remoteAddrF = need(f.remoteAddr, 'remoteAddr');
  const remotePortF = need(f.remotePort, 'remotePort');
  const readAddr = family === 'ipv4' ? readIPv4 : readIPv6;

  const entries: DecodedEntry[] = [];
  const skipped: SkippedRow[] = [];
  for (let i = 0; i < count; i++) {
    const base = layout.rowsOffset + i * layout.row.size;
    const rawState = readU32(buf, base, stateF);
    const state = tcpState(rawState);
    if (state === null) {
      skipped.push({ index: i, state: rawState });
      continue;
    }
    // A listener's remote endpoint "has no meaning" (MIB_TCPROW2 / MIB_TCP6ROW2 reference pages): it is shown as unspecified.
    const listening = state === 'LISTEN';
    const row: TcpRow = {
      family,
      localAddress: readAddr(buf, base, localAddrF),
      localPort: readPort(buf, base, localPortF),
      remoteAddress: listening ? UNSPECIFIED[family] : readAddr(buf, base, remoteAddrF),
      remotePort: listening ? 0 : readPort(buf, base, remotePortF),
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
      row.createdAt = filetimeToIso(createTimestamp);
    }
    entries.push({ row: orderRow(row), createTimestamp, offset: base });
  }
  return { kind, layout, count, entries, skipped, byteLength };
}

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
