/**
 * The connection grid's columns. Values are raw (numbers stay numbers, times stay ISO text) so
 * sorting is numeric / chronological; formatters make them readable.
 */
import type { ColDef, IRowNode, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { TcpRow } from '../../../main/common/types';
import { formatBytes, formatDateTime, formatRtt, formatTransition, formatTransitionWithAge } from '../format/format';
import { protocolName, scopedAddress } from '../../../main/common/endpoint-text';
import type { ConnectionGridRow } from '../sync/grid-row';

type Column = ColDef<ConnectionGridRow>;
type CellValue = string | number | null;

/** A column whose value is read from the connection's row. */
function fromRow(pick: (row: TcpRow, data: ConnectionGridRow) => CellValue): Column['valueGetter'] {
  return (params: ValueGetterParams<ConnectionGridRow>) => (params.data ? pick(params.data.row, params.data) : null);
}

function formatWith<T>(format: (value: T) => string): Column['valueFormatter'] {
  return (params: ValueFormatterParams<ConnectionGridRow>) => format(params.value as T);
}

/** Sorts by a precomputed key instead of the displayed text. */
function byKey(key: (row: ConnectionGridRow) => string): Column['comparator'] {
  return (_a, _b, nodeA: IRowNode<ConnectionGridRow>, nodeB: IRowNode<ConnectionGridRow>) => {
    const a = nodeA.data ? key(nodeA.data) : '';
    const b = nodeB.data ? key(nodeB.data) : '';
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

const mono = 'cell-mono';
/** Right-aligned like every number column users know (the header via the column type, the cells via AG Grid's class). */
const numeric = (column: Column): Column => ({ type: 'rightAligned', ...column, cellClass: [mono, 'ag-right-aligned-cell'] });

export const connectionColumns: Column[] = [
  { colId: 'process', headerName: 'Process', valueGetter: fromRow((row) => row.processName ?? ''), width: 150, pinned: 'left' },
  numeric({ colId: 'pid', headerName: 'PID', valueGetter: fromRow((row) => row.pid), width: 84 }),
  { colId: 'protocol', headerName: 'Protocol', valueGetter: fromRow((row) => protocolName(row.family)), width: 84 },
  {
    colId: 'localAddress',
    headerName: 'Local Address',
    valueGetter: fromRow((row) => scopedAddress(row.localAddress, row.localScopeId)),
    comparator: byKey((data) => data.localAddressKey),
    cellClass: mono,
    width: 170,
  },
  numeric({ colId: 'localPort', headerName: 'Local Port', valueGetter: fromRow((row) => row.localPort), width: 90 }),
  {
    colId: 'remoteAddress',
    headerName: 'Remote Address',
    valueGetter: fromRow((row) => scopedAddress(row.remoteAddress, row.remoteScopeId)),
    comparator: byKey((data) => data.remoteAddressKey),
    cellClass: mono,
    width: 170,
  },
  numeric({ colId: 'remotePort', headerName: 'Remote Port', valueGetter: fromRow((row) => row.remotePort), width: 96 }),
  {
    colId: 'state',
    headerName: 'State',
    valueGetter: fromRow((row) => row.state),
    cellClass: (params) => ['cell-state', `state-${String(params.value)}`],
    width: 120,
  },
  {
    colId: 'lastTransition',
    headerName: 'Last transition',
    // The transition time: sorting this column puts the most recent change first / last.
    valueGetter: fromRow((_row, data) => data.lastTransition?.at ?? null),
    valueFormatter: (params) => formatTransitionWithAge(params.data?.lastTransition ?? null, Date.now()),
    getQuickFilterText: (params) => (params.data?.lastTransition ? formatTransition(params.data.lastTransition) : ''),
    tooltipValueGetter: (params) => formatDateTime(params.data?.lastTransition?.at),
    width: 260,
  },
  { colId: 'offloadState', headerName: 'Offload state', valueGetter: fromRow((row) => row.offloadState ?? ''), width: 110 },
  { colId: 'module', headerName: 'Module / service', valueGetter: fromRow((row) => row.module ?? ''), width: 150 },
  {
    colId: 'createdAt',
    headerName: 'Created',
    valueGetter: fromRow((row) => row.createdAt),
    valueFormatter: formatWith(formatDateTime),
    width: 150,
  },
  numeric({
    colId: 'bytesSent',
    headerName: 'Sent',
    valueGetter: fromRow((row) => row.bytesSent ?? null),
    valueFormatter: formatWith(formatBytes),
    getQuickFilterText: () => '',
    width: 96,
  }),
  numeric({
    colId: 'bytesReceived',
    headerName: 'Received',
    valueGetter: fromRow((row) => row.bytesReceived ?? null),
    valueFormatter: formatWith(formatBytes),
    getQuickFilterText: () => '',
    width: 96,
  }),
  numeric({
    colId: 'rttMs',
    headerName: 'RTT',
    valueGetter: fromRow((row) => row.rttMs ?? null),
    valueFormatter: formatWith(formatRtt),
    getQuickFilterText: () => '',
    width: 90,
  }),
];

export const defaultColumn: Column = {
  sortable: true,
  resizable: true,
  // Values are typed by the getters above; inference from the first row would only guess.
  cellDataType: false,
  suppressHeaderMenuButton: true,
};

/** Row classes for the TCPView colours; the fade is a CSS transition on their removal. */
export const highlightClassRules = {
  'row-new': (params: { data?: ConnectionGridRow }) => params.data?.highlight === 'new',
  'row-changed': (params: { data?: ConnectionGridRow }) => params.data?.highlight === 'changed',
  'row-closed': (params: { data?: ConnectionGridRow }) => params.data?.highlight === 'closed',
};
