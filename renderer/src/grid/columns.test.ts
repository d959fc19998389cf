import { describe, expect, it } from 'vitest';
import type { ColDef, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { cellText, COLUMN_IDS, connectionColumns, highlightClassRules } from './columns';
import { NO_GRID_CONTEXT } from './grid-context';
import { makeGridRow, type ConnectionGridRow } from '../sync/grid-row';
import { tcpRow, T0 } from '../sync/testing/test-fixtures';
import type { TcpRow } from '../../../main/common/types';

const gridRow = (row: Partial<TcpRow> = {}, extra: Partial<ConnectionGridRow> = {}): ConnectionGridRow =>
  makeGridRow({
    id: 'x',
    row: tcpRow(row),
    firstSeenAt: T0,
    lastTransition: null,
    closed: false,
    highlight: null,
    highlightUntilTick: null,
    lastOwner: null,
    ...extra,
  });

function column(colId: string): ColDef<ConnectionGridRow> {
  const found = connectionColumns.find((c) => c.colId === colId);
  if (!found) throw new Error(`no column ${colId}`);
  return found;
}

/** What the grid sorts on. */
function value(colId: string, data: ConnectionGridRow): unknown {
  const getter = column(colId).valueGetter;
  if (typeof getter !== 'function') throw new Error(`${colId} has no getter`);
  return getter({ data } as ValueGetterParams<ConnectionGridRow>);
}

/** What the user reads in the cell. */
function shown(colId: string, data: ConnectionGridRow): string {
  const raw = value(colId, data);
  const formatter = column(colId).valueFormatter;
  if (typeof formatter !== 'function') return raw === null || raw === undefined ? '' : String(raw);
  return formatter({ value: raw, data } as ValueFormatterParams<ConnectionGridRow>);
}

describe('connection columns', () => {
  it('has the TCPView columns, in order', () => {
    expect(connectionColumns.map((c) => c.headerName)).toEqual([
      'Process',
      'PID',
      'User',
      'Protocol',
      'Local Address',
      'Local Host',
      'Local Port',
      'Remote Address',
      'Remote Host',
      'Remote Port',
      'State',
      'Last transition',
      'Offload state',
      'Module / service',
      'Created',
      'Sent',
      'Received',
      'RTT',
    ]);
  });

  it('sorts numbers as numbers but shows them in human units', () => {
    const data = gridRow({ bytesSent: 1536, bytesReceived: 5 * 1024 * 1024, rttMs: 0.042, localPort: 9, pid: 42 });
    for (const colId of ['pid', 'localPort', 'remotePort', 'bytesSent', 'bytesReceived', 'rttMs']) {
      expect(typeof value(colId, data)).toBe('number');
    }
    expect(shown('bytesSent', data)).toBe('1.50 KiB');
    expect(shown('bytesReceived', data)).toBe('5.00 MiB');
    expect(shown('rttMs', data)).toBe('42 µs');
  });

  it('leaves cells blank where the OS reports nothing', () => {
    const data = gridRow({
      offloadState: null,
      module: null,
      createdAt: null,
      bytesSent: null,
      rttMs: undefined,
      pid: null,
      processName: null,
    });
    for (const colId of ['offloadState', 'module', 'createdAt', 'bytesSent', 'rttMs', 'pid', 'process', 'lastTransition']) {
      expect(shown(colId, data)).toBe('');
    }
  });

  it('names the protocol by family and shows Windows-only fields when present', () => {
    const data = gridRow({ family: 'ipv6', offloadState: 'InHost', module: 'Dnscache' });
    expect(shown('protocol', data)).toBe('TCPv6');
    expect(shown('offloadState', data)).toBe('InHost');
    expect(shown('module', data)).toBe('Dnscache');
  });

  it('shows the last transition with its age', () => {
    const at = new Date(Date.now() - 5000).toISOString();
    const data = gridRow({}, { lastTransition: { from: 'SYN_SENT', to: 'ESTABLISHED', at } });
    expect(shown('lastTransition', data)).toMatch(/^SYN_SENT → ESTABLISHED · [56]s ago$/);
  });

  it('marks a short-lived row in its State cell, with a tooltip saying what it is', () => {
    const data = gridRow({ state: 'CLOSED', shortLived: true }, { closed: true, highlight: 'closed' });
    expect(shown('state', data)).toBe('⚡ CLOSED');
    expect(shown('state', gridRow({ state: 'ESTABLISHED' }))).toBe('ESTABLISHED');
    const tooltip = column('state').tooltipValueGetter;
    expect(tooltip?.({ data } as never)).toMatch(/^Short-lived: opened and closed between two polls/);
  });

  it('reads, for copy and export, what every cell shows', () => {
    const data = gridRow(
      { bytesSent: 2048, rttMs: 1.5, createdAt: T0, shortLived: true },
      { lastTransition: { from: 'SYN_SENT', to: 'ESTABLISHED', at: T0 } },
    );
    for (const colId of COLUMN_IDS) expect(cellText(colId, data, NO_GRID_CONTEXT), colId).toBe(shown(colId, data));
  });

  it('maps highlights to the row-new / row-changed / row-closed classes', () => {
    const classesOf = (data: ConnectionGridRow) =>
      Object.entries(highlightClassRules).flatMap(([name, rule]) => (rule({ data }) ? [name] : []));
    expect(classesOf(gridRow({}, { highlight: 'new' }))).toEqual(['row-new']);
    expect(classesOf(gridRow({}, { highlight: 'changed' }))).toEqual(['row-changed']);
    expect(classesOf(gridRow({}, { highlight: 'closed', closed: true }))).toEqual(['row-closed']);
    expect(classesOf(gridRow())).toEqual([]);
  });
});
