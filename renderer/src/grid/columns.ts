/**
 * The connection grid's columns. Values are raw (numbers stay numbers, times stay ISO text) so
 * sorting is numeric / chronological; formatters make them readable. The quick filter matches
 * what a column shows (addresses also as `addr:port`), never the Last transition text.
 */
import type { ColDef, ITooltipParams, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import { TCP_STATES, type SourceKind, type TcpRow } from '../../../main/common/types';
import { endpointText, protocolName, scopedAddress } from '../../../main/common/endpoint-text';
import { formatBytes, formatDateTime, formatRtt, formatTransitionWithAge } from '../format/format';
import type { ConnectionGridRow } from '../sync/grid-row';
import { NO_GRID_CONTEXT, type GridContext } from './grid-context';
import { ownerTooltip, shownOwner } from './owner-cell';

type Column = ColDef<ConnectionGridRow>;
type CellValue = string | number | null;
/** What a column holds for a row: what it sorts by (unless it has a sort key) and exports. */
type RowValue = (data: ConnectionGridRow, context: GridContext) => CellValue;
/** What a cell shows, where that is not its value as text. */
type RowText = (data: ConnectionGridRow, context: GridContext) => string;

/**
 * A column as pure functions of the row: the grid's getter and formatter are made from them, and
 * so are the sort, copy and export that work on rows the grid has not loaded.
 */
interface ColumnSpec extends Omit<Column, 'colId' | 'valueGetter' | 'valueFormatter' | 'comparator'> {
  colId: string;
  value: RowValue;
  text?: RowText;
  /** Sorts by a precomputed key instead of the value (addresses). */
  sortKey?: (data: ConnectionGridRow) => string;
}

const contextOf = (params: { context?: unknown }): GridContext => (params.context as GridContext | undefined) ?? NO_GRID_CONTEXT;

/** A value read from the connection's row. */
const fromRow =
  <T extends CellValue>(pick: (row: TcpRow, context: GridContext) => T) =>
  (data: ConnectionGridRow, context: GridContext): T =>
    pick(data.row, context);

/** The text of a row's value through a formatter of values. */
const formatWith =
  <T extends CellValue>(value: (data: ConnectionGridRow, context: GridContext) => T, format: (value: T) => string): RowText =>
  (data, context) =>
    format(value(data, context));

/** A port, as `https (443)` where names are shown and IANA names it; sorting stays numeric. */
const portText = (port: number, context: GridContext): string => {
  const service = context.showNames ? context.serviceName(port) : null;
  return service ? `${service} (${port})` : String(port);
};

/** The State cell: a connection too short for any poll is marked, since it never had a row before it closed. */
const stateText = (row: TcpRow): string => (row.shortLived ? `⚡ ${row.state}` : row.state);

/**
 * Cell classes are class rules only, never `cellClass`: AG Grid takes a cell's `cellClass`
 * classes off and puts them back at every refresh of the cell, which makes the browser restyle
 * it (every cell on screen, several times a second under churn, sorted by Last transition); a
 * rule's class is touched only when the rule's answer changes.
 */
type ClassRules = NonNullable<Column['cellClassRules']>;
const always = () => true;
const mono: ClassRules = { 'cell-mono': always };
/** Right-aligned like every number column users know (AG Grid's header and cell classes). */
const numeric = (column: ColumnSpec): ColumnSpec => ({
  headerClass: 'ag-right-aligned-header',
  ...column,
  cellClassRules: { ...mono, 'ag-right-aligned-cell': always, ...column.cellClassRules },
});
/** The State cell is coloured by its state. */
const stateClassRules: ClassRules = {
  'cell-state': always,
  ...Object.fromEntries(TCP_STATES.map((state) => [`state-${state}`, (params: { value?: unknown }) => params.value === state])),
};
/**
 * The owner columns grey out an owner known only from the past, and dash one that is hidden.
 * Rules are re-applied on every row update, even when the text stays the same (the name of a
 * process that let go of its socket).
 */
const ownerClassRules: ClassRules = {
  'cell-owner-past': (params) => params.data !== undefined && shownOwner(params.data).how === 'past',
  'cell-owner-hidden': (params) => params.data !== undefined && shownOwner(params.data).how === 'hidden',
};
const ownerTooltipGetter = (params: ITooltipParams<ConnectionGridRow>) => (params.data ? ownerTooltip(params.data) : undefined);

const localAddress = fromRow((row) => scopedAddress(row.localAddress, row.localScopeId));
const remoteAddress = fromRow((row) => scopedAddress(row.remoteAddress, row.remoteScopeId));
const createdAt = fromRow((row) => row.createdAt ?? null);
const bytesSent = fromRow((row) => row.bytesSent ?? null);
const bytesReceived = fromRow((row) => row.bytesReceived ?? null);
const rttMs = fromRow((row) => row.rttMs ?? null);

const COLUMN_SPECS: ColumnSpec[] = [
  {
    colId: 'process',
    headerName: 'Process',
    value: (data) => shownOwner(data).name,
    cellClassRules: ownerClassRules,
    tooltipValueGetter: ownerTooltipGetter,
    width: 150,
    pinned: 'left',
  },
  numeric({
    colId: 'pid',
    headerName: 'PID',
    value: (data) => shownOwner(data).pid,
    cellClassRules: ownerClassRules,
    tooltipValueGetter: ownerTooltipGetter,
    width: 84,
  }),
  { colId: 'user', headerName: 'User', value: fromRow((row) => row.user ?? ''), width: 100 },
  { colId: 'protocol', headerName: 'Protocol', value: fromRow((row) => protocolName(row.family)), width: 84 },
  {
    colId: 'localAddress',
    headerName: 'Local Address',
    value: localAddress,
    sortKey: (data) => data.localAddressKey,
    cellClassRules: mono,
    width: 170,
  },
  {
    colId: 'localHost',
    headerName: 'Local Host',
    value: (data, context) => context.hostName(String(localAddress(data, context))) ?? '',
    width: 160,
  },
  numeric({
    colId: 'localPort',
    headerName: 'Local Port',
    value: fromRow((row) => row.localPort),
    text: (data, context) => portText(data.row.localPort, context),
    width: 130, // room for `postgresql (5432)`
  }),
  {
    colId: 'remoteAddress',
    headerName: 'Remote Address',
    value: remoteAddress,
    sortKey: (data) => data.remoteAddressKey,
    cellClassRules: mono,
    width: 170,
  },
  {
    colId: 'remoteHost',
    headerName: 'Remote Host',
    value: (data, context) => context.hostName(String(remoteAddress(data, context))) ?? '',
    width: 180,
  },
  numeric({
    colId: 'remotePort',
    headerName: 'Remote Port',
    value: fromRow((row) => row.remotePort),
    text: (data, context) => portText(data.row.remotePort, context),
    width: 130,
  }),
  {
    colId: 'state',
    headerName: 'State',
    value: fromRow((row) => row.state),
    text: (data) => stateText(data.row),
    tooltipValueGetter: (params) =>
      params.data?.row.shortLived
        ? 'Short-lived: opened and closed between two polls; the kernel reported it as it was freed (its owner is unknown)'
        : null,
    cellClassRules: stateClassRules,
    width: 120,
  },
  {
    colId: 'lastTransition',
    headerName: 'Last transition',
    // The transition time: sorting this column puts the most recent change first / last.
    value: (data) => data.lastTransition?.at ?? null,
    text: (data) => formatTransitionWithAge(data.lastTransition, Date.now()),
    tooltipValueGetter: (params) => formatDateTime(params.data?.lastTransition?.at),
    width: 240,
  },
  { colId: 'offloadState', headerName: 'Offload state', value: fromRow((row) => row.offloadState ?? ''), width: 110 },
  { colId: 'module', headerName: 'Module / service', value: fromRow((row) => row.module ?? ''), width: 150 },
  { colId: 'createdAt', headerName: 'Created', value: createdAt, text: formatWith(createdAt, formatDateTime), width: 150 },
  numeric({ colId: 'bytesSent', headerName: 'Sent', value: bytesSent, text: formatWith(bytesSent, formatBytes), width: 96 }),
  numeric({
    colId: 'bytesReceived',
    headerName: 'Received',
    value: bytesReceived,
    text: formatWith(bytesReceived, formatBytes),
    width: 96,
  }),
  numeric({ colId: 'rttMs', headerName: 'RTT', value: rttMs, text: formatWith(rttMs, formatRtt), width: 90 }),
];

/** The grid's column: its getter and formatter read the spec's functions. */
function columnDef({ value, text, sortKey: _sortKey, ...def }: ColumnSpec): Column {
  return {
    ...def,
    valueGetter: (params: ValueGetterParams<ConnectionGridRow>) => (params.data ? value(params.data, contextOf(params)) : null),
    ...(text
      ? {
          valueFormatter: (params: ValueFormatterParams<ConnectionGridRow>) =>
            params.data ? text(params.data, contextOf(params)) : '',
        }
      : {}),
  };
}

export const connectionColumns: Column[] = COLUMN_SPECS.map(columnDef);

const SPEC_BY_ID = new Map(COLUMN_SPECS.map((spec) => [spec.colId, spec]));

function specOf(colId: string): ColumnSpec {
  const spec = SPEC_BY_ID.get(colId);
  if (!spec) throw new Error(`no column ${colId}`);
  return spec;
}

/** The column's value for a row: numbers stay numbers, times ISO text. */
export const cellValue = (colId: string, data: ConnectionGridRow, context: GridContext): CellValue =>
  specOf(colId).value(data, context);

/** The cell as the user reads it. */
export function cellText(colId: string, data: ConnectionGridRow, context: GridContext): string {
  const { value, text } = specOf(colId);
  if (text) return text(data, context);
  const raw = value(data, context);
  return raw === null ? '' : String(raw);
}

/** What a column sorts rows by: its sort key where it has one, else its value. */
export function sortValueOf(colId: string): RowValue {
  const { value, sortKey } = specOf(colId);
  return sortKey ?? value;
}

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
