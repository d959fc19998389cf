/**
 * The connection grid's columns. Values are raw (numbers stay numbers, times stay ISO text) so
 * sorting is numeric / chronological; formatters make them readable. The quick filter matches
 * what a column shows (addresses also as `addr:port`), never the Last transition text.
 */
import type { ColDef, IRowNode, ITooltipParams, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { SourceKind, TcpRow } from '../../../main/common/types';
import { endpointText, protocolName, scopedAddress } from '../../../main/common/endpoint-text';
import { formatBytes, formatDateTime, formatRtt, formatTransitionWithAge } from '../format/format';
import type { ConnectionGridRow } from '../sync/grid-row';
import { NO_GRID_CONTEXT, type GridContext } from './grid-context';
import { ownerTooltip, shownOwner } from './owner-cell';

type Column = ColDef<ConnectionGridRow>;
type CellValue = string | number | null;

const contextOf = (params: { context?: unknown }): GridContext => (params.context as GridContext | undefined) ?? NO_GRID_CONTEXT;

/** A column whose value is read from the connection's row. */
function fromRow(pick: (row: TcpRow, data: ConnectionGridRow, context: GridContext) => CellValue): Column['valueGetter'] {
  return (params: ValueGetterParams<ConnectionGridRow>) =>
    params.data ? pick(params.data.row, params.data, contextOf(params)) : null;
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

/** A port, as `https (443)` where names are shown and IANA names it; sorting stays numeric. */
const portText = (port: number, context: GridContext): string => {
  const service = context.showNames ? context.serviceName(port) : null;
  return service ? `${service} (${port})` : String(port);
};

/** The State cell: a connection too short for any poll is marked, since it never had a row before it closed. */
const stateText = (row: TcpRow): string => (row.shortLived ? `⚡ ${row.state}` : row.state);

const mono = 'cell-mono';
/** Right-aligned like every number column users know (the header via the column type, the cells via AG Grid's class). */
const numeric = (column: Column): Column => ({ type: 'rightAligned', ...column, cellClass: [mono, 'ag-right-aligned-cell'] });
/**
 * The owner columns grey out an owner known only from the past, and dash one that is hidden.
 * Class rules, not cellClass: AG Grid re-applies rules on every row update, even when the text
 * stays the same (the name of a process that let go of its socket).
 */
const ownerClassRules: Column['cellClassRules'] = {
  'cell-owner-past': (params) => params.data !== undefined && shownOwner(params.data).how === 'past',
  'cell-owner-hidden': (params) => params.data !== undefined && shownOwner(params.data).how === 'hidden',
};
const ownerTooltipGetter = (params: ITooltipParams<ConnectionGridRow>) => (params.data ? ownerTooltip(params.data) : undefined);

export const connectionColumns: Column[] = [
  {
    colId: 'process',
    headerName: 'Process',
    valueGetter: fromRow((_row, data) => shownOwner(data).name),
    cellClassRules: ownerClassRules,
    tooltipValueGetter: ownerTooltipGetter,
    width: 150,
    pinned: 'left',
  },
  numeric({
    colId: 'pid',
    headerName: 'PID',
    valueGetter: fromRow((_row, data) => shownOwner(data).pid),
    cellClassRules: ownerClassRules,
    tooltipValueGetter: ownerTooltipGetter,
    width: 84,
  }),
  { colId: 'user', headerName: 'User', valueGetter: fromRow((row) => row.user ?? ''), width: 100 },
  { colId: 'protocol', headerName: 'Protocol', valueGetter: fromRow((row) => protocolName(row.family)), width: 84 },
  {
    colId: 'localAddress',
    headerName: 'Local Address',
    valueGetter: fromRow((row) => scopedAddress(row.localAddress, row.localScopeId)),
    comparator: byKey((data) => data.localAddressKey),
    cellClass: mono,
    width: 170,
  },
  {
    colId: 'localHost',
    headerName: 'Local Host',
    valueGetter: fromRow((row, _data, context) => context.hostName(scopedAddress(row.localAddress, row.localScopeId)) ?? ''),
    width: 160,
  },
  numeric({
    colId: 'localPort',
    headerName: 'Local Port',
    valueGetter: fromRow((row) => row.localPort),
    valueFormatter: (params) => (params.data ? portText(params.data.row.localPort, contextOf(params)) : ''),
    width: 130, // room for `postgresql (5432)`
  }),
  {
    colId: 'remoteAddress',
    headerName: 'Remote Address',
    valueGetter: fromRow((row) => scopedAddress(row.remoteAddress, row.remoteScopeId)),
    comparator: byKey((data) => data.remoteAddressKey),
    cellClass: mono,
    width: 170,
  },
  {
    colId: 'remoteHost',
    headerName: 'Remote Host',
    valueGetter: fromRow((row, _data, context) => context.hostName(scopedAddress(row.remoteAddress, row.remoteScopeId)) ?? ''),
    width: 180,
  },
  numeric({
    colId: 'remotePort',
    headerName: 'Remote Port',
    valueGetter: fromRow((row) => row.remotePort),
    valueFormatter: (params) => (params.data ? portText(params.data.row.remotePort, contextOf(params)) : ''),
    width: 130,
  }),
  {
    colId: 'state',
    headerName: 'State',
    valueGetter: fromRow((row) => row.state),
    valueFormatter: (params) => (params.data ? stateText(params.data.row) : ''),
    tooltipValueGetter: (params) =>
      params.data?.row.shortLived
        ? 'Short-lived: opened and closed between two polls; the kernel reported it as it was freed (its owner is unknown)'
        : null,
    cellClass: (params) => ['cell-state', `state-${String(params.value)}`],
    width: 120,
  },
  {
    colId: 'lastTransition',
    headerName: 'Last transition',
    // The transition time: sorting this column puts the most recent change first / last.
    valueGetter: fromRow((_row, data) => data.lastTransition?.at ?? null),
    valueFormatter: (params) => formatTransitionWithAge(params.data?.lastTransition ?? null, Date.now()),
    tooltipValueGetter: (params) => formatDateTime(params.data?.lastTransition?.at),
    width: 240,
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
    width: 96,
  }),
  numeric({
    colId: 'bytesReceived',
    headerName: 'Received',
    valueGetter: fromRow((row) => row.bytesReceived ?? null),
    valueFormatter: formatWith(formatBytes),
    width: 96,
  }),
  numeric({
    colId: 'rttMs',
    headerName: 'RTT',
    valueGetter: fromRow((row) => row.rttMs ?? null),
    valueFormatter: formatWith(formatRtt),
    width: 90,
  }),
];

export const COLUMN_IDS = connectionColumns.map((c) => c.colId as string);

type SearchText = (data: ConnectionGridRow, context: GridContext) => string;
const ofRow =
  (text: (row: TcpRow, context: GridContext) => string | null): SearchText =>
  (data, context) =>
    text(data.row, context) ?? '';

/**
 * What the quick filter reads in each column while it is shown: what the cell shows, addresses as
 * `addr:port`. Not searched: Last transition (its text names states the row was in, and the
 * state filter is for states) and the counters.
 */
export const SEARCH_TEXT: Readonly<Record<string, SearchText>> = {
  process: (data) => shownOwner(data).name,
  pid: (data) => String(shownOwner(data).pid ?? ''),
  user: ofRow((row) => row.user ?? null),
  protocol: ofRow((row) => protocolName(row.family)),
  localAddress: ofRow((row) => endpointText(row.localAddress, row.localPort, row.localScopeId)),
  localHost: ofRow((row, context) => context.hostName(scopedAddress(row.localAddress, row.localScopeId))),
  localPort: ofRow((row, context) => portText(row.localPort, context)),
  remoteAddress: ofRow((row) => endpointText(row.remoteAddress, row.remotePort, row.remoteScopeId)),
  remoteHost: ofRow((row, context) => context.hostName(scopedAddress(row.remoteAddress, row.remoteScopeId))),
  remotePort: ofRow((row, context) => portText(row.remotePort, context)),
  state: ofRow(stateText),
  offloadState: ofRow((row) => row.offloadState),
  module: ofRow((row) => row.module ?? null),
  createdAt: ofRow((row) => formatDateTime(row.createdAt)),
};

/** Columns a source can never fill start hidden there (they only push the useful ones off-screen). */
export function columnsUnfilledBy(source: SourceKind): string[] {
  switch (source) {
    case 'win32':
      return ['bytesSent', 'bytesReceived', 'rttMs'];
    case 'netlink':
      return ['offloadState', 'module', 'createdAt'];
    case 'proc':
      // /proc/net/tcp has no byte counters or RTT either.
      return ['offloadState', 'module', 'createdAt', 'bytesSent', 'bytesReceived', 'rttMs'];
    case 'fixture':
      return [];
  }
}

/** Columns shown only while names are resolved. */
export const NAME_COLUMNS = ['localHost', 'remoteHost'];

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
