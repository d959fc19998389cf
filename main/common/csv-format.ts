/**
 * Rows and events as RFC 4180 CSV, the columns `list --csv` and `history --csv` write and the
 * History view saves: control characters escaped, formulas neutralised (text-safety.ts).
 */
import type { ConnectionEvent } from './contract/events';
import { csvField } from './text-safety';
import type { TcpRow } from './types';

/** A row's CSV columns, in their order. */
export const CSV_COLUMNS = [
  'family',
  'localAddress',
  'localPort',
  'localScopeId',
  'remoteAddress',
  'remotePort',
  'remoteScopeId',
  'state',
  'pid',
  'processName',
  'offloadState',
  'createdAt',
  'bytesSent',
  'bytesReceived',
  'rttMs',
  'module',
] as const satisfies readonly (keyof TcpRow)[];

/** Rows as CSV with a header line, in these columns. */
export function csv<R>(rows: readonly R[], columns: readonly (keyof R & string)[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(csvLine(row, columns));
  return lines.join('\n');
}

const csvLine = <R>(row: R, columns: readonly (keyof R & string)[]): string => columns.map((c) => csvField(row[c])).join(',');

/** An event's own fields, then its row's, as `list --csv` writes them. */
const EVENT_CSV_COLUMNS = ['seq', 'time', 'type', 'id', 'from', 'to'] as const satisfies readonly (keyof ConnectionEvent)[];

/** The header line of events as CSV. */
export const EVENT_CSV_HEADER = [...EVENT_CSV_COLUMNS, ...CSV_COLUMNS].join(',');

/** One event as a CSV line (control characters escaped, formulas neutralised). */
export const formatEventCsv = (e: ConnectionEvent): string =>
  `${csvLine(e, EVENT_CSV_COLUMNS)},${csvLine(e.connection, CSV_COLUMNS)}`;
