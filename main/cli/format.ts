import type { TcpRow } from '../common/types';
import { localEndpoint, protocolName, remoteEndpoint } from '../common/endpoint-text';
import type { ConnectionEvent } from '../common/contract/events';
import { escapeControlChars } from '../common/text-safety';
import { csv, CSV_COLUMNS } from '../common/csv-format';

export { EVENT_CSV_HEADER, formatEventCsv } from '../common/csv-format';
import type { NamedRow } from './named-rows';

/** The process name comes from the process itself: printed with its control characters escaped. */
export const owner = (row: TcpRow) => (row.pid === null ? '-' : `${escapeControlChars(row.processName ?? '?')}(${row.pid})`);
/** Host names come from DNS, which can answer anything: escaped too. */
const orDash = (name: string | null) => (name === null ? '-' : escapeControlChars(name));

/** A text table column: its header and how a row's cell reads. */
type Column<R> = readonly [header: string, cell: (row: R) => string];

const PROTO: Column<TcpRow> = ['Proto', (r) => protocolName(r.family)];
const STATE: Column<TcpRow> = ['State', (r) => r.state];
const LOCAL: Column<TcpRow> = ['Local', localEndpoint];
const REMOTE: Column<TcpRow> = ['Remote', remoteEndpoint];
const OWNER: Column<TcpRow> = ['Process(PID)', owner];

const TABLE_COLUMNS = [PROTO, STATE, LOCAL, REMOTE, OWNER];
const NAMED_TABLE_COLUMNS: readonly Column<NamedRow>[] = [
  PROTO,
  STATE,
  LOCAL,
  ['Local Host', (r) => orDash(r.localHost)],
  ['Local Service', (r) => orDash(r.localService)],
  REMOTE,
  ['Remote Host', (r) => orDash(r.remoteHost)],
  ['Remote Service', (r) => orDash(r.remoteService)],
  OWNER,
];

/** Rows as an aligned text table, like `ss -tanp`. */
export const formatTable = (rows: readonly TcpRow[]): string => alignedTable(rows, TABLE_COLUMNS);

/** The same with each endpoint's host and service name (`list --resolve`); `-` where there is none. */
export const formatNamedTable = (rows: readonly NamedRow[]): string => alignedTable(rows, NAMED_TABLE_COLUMNS);

function alignedTable<R>(rows: readonly R[], columns: readonly Column<R>[]): string {
  const header = columns.map(([h]) => h);
  const lines = rows.map((r) => columns.map(([, cell]) => cell(r)));
  // A loop, not Math.max(...column): spreading a few hundred thousand rows overflows the stack.
  const widths = header.map((h) => h.length);
  for (const line of lines) line.forEach((cell, i) => (widths[i] = Math.max(widths[i], cell.length)));
  return [header, ...lines]
    .map((cols) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join('  '))
    .join('\n');
}

/** `--resolve` adds these, after the row's own (a reader that knows the first columns keeps working). */
const NAMED_CSV_COLUMNS = [
  ...CSV_COLUMNS,
  'localHost',
  'localService',
  'remoteHost',
  'remoteService',
] as const satisfies readonly (keyof NamedRow)[];

/** Rows as RFC 4180 CSV with a header line. */
export const formatCsv = (rows: readonly TcpRow[]): string => csv(rows, CSV_COLUMNS);

/** The same with the names `--resolve` adds. */
export const formatNamedCsv = (rows: readonly NamedRow[]): string => csv(rows, NAMED_CSV_COLUMNS);

/** `watch` shows the time of day (UTC); `history`, which spans days, the date too. */
const timeOfDay = (iso: string) => iso.slice(11, 23);
export const dateAndTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;

/** One event as a human-readable line. */
export function formatEvent(e: ConnectionEvent, time: (iso: string) => string = timeOfDay): string {
  const c = e.connection;
  const what = e.type === 'state-changed' ? `${e.from} → ${e.to}` : c.state;
  return [
    time(e.time),
    e.type.padEnd(13),
    protocolName(c.family).padEnd(5),
    `${localEndpoint(c)} → ${remoteEndpoint(c)}`,
    what,
    owner(c),
  ].join('  ');
}
