import type { TcpRow } from '../common/types';
import { localEndpoint, protocolName, remoteEndpoint } from '../common/endpoint-text';
import type { ConnectionEvent } from '../common/contract/events';
import { csvField, escapeControlChars } from '../common/text-safety';

/** The process name comes from the process itself: printed with its control characters escaped. */
export const owner = (row: TcpRow) => (row.pid === null ? '-' : `${escapeControlChars(row.processName ?? '?')}(${row.pid})`);

/** Rows as an aligned text table, like `ss -tanp`. */
export function formatTable(rows: readonly TcpRow[]): string {
  const header = ['Proto', 'State', 'Local', 'Remote', 'Process(PID)'];
  const lines = rows.map((r) => [protocolName(r.family), r.state, localEndpoint(r), remoteEndpoint(r), owner(r)]);
  // A loop, not Math.max(...column): spreading a few hundred thousand rows overflows the stack.
  const widths = header.map((h) => h.length);
  for (const line of lines) line.forEach((cell, i) => (widths[i] = Math.max(widths[i], cell.length)));
  return [header, ...lines]
    .map((cols) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join('  '))
    .join('\n');
}

const CSV_COLUMNS = [
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

/** Rows as RFC 4180 CSV with a header line. */
export function formatCsv(rows: readonly TcpRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
  return lines.join('\n');
}

/** One event as a human-readable line. */
export function formatEvent(e: ConnectionEvent): string {
  const c = e.connection;
  const what = e.type === 'state-changed' ? `${e.from} → ${e.to}` : c.state;
  return [
    e.time.slice(11, 23),
    e.type.padEnd(13),
    protocolName(c.family).padEnd(5),
    `${localEndpoint(c)} → ${remoteEndpoint(c)}`,
    what,
    owner(c),
  ].join('  ');
}
