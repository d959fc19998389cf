import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellContextMenuEvent,
  CellKeyDownEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  OverlayComponentUserParams,
  RowDoubleClickedEvent,
  RowSelectionOptions,
  SuppressKeyboardEventParams,
} from 'ag-grid-community';
import type { Unsubscribe } from '../../../main/common/contract/requests';
import type { ConnectionGridRow } from '../sync/grid-row';
import { useServices, useUi } from '../app/app-context';
import { viewFilterPredicate } from '../filters/view-filter';
import { quickFilterTest } from '../filters/quick-filter';
import { RowSearch } from '../filters/row-search';
import { connectionColumns, defaultColumn, highlightClassRules, NAME_COLUMNS } from './columns';

/** The cells that read names: host columns, and ports shown as `https (443)`. */
const NAME_CELLS = [...NAME_COLUMNS, 'localPort', 'remotePort'];
import { gridTheme } from './grid-theme';

const rowSelection: RowSelectionOptions<ConnectionGridRow> = {
  mode: 'multiRow',
  checkboxes: false,
  headerCheckbox: false,
  enableClickSelection: true,
};
/** The grid's own wording ("No Rows To Show", "No Matching Rows") in ours. */
const overlayText: OverlayComponentUserParams = {
  loading: { overlayText: 'Reading the connection table…' },
  noRows: { overlayText: 'No TCP connections' },
  noMatchingRows: { overlayText: 'No connections match the filter' },
};
const getRowId = (params: GetRowIdParams<ConnectionGridRow>): string => params.data.id;
/** Rows in a transaction from which it is applied at once rather than batched. */
const BIG_TRANSACTION_ROWS = 5000;
/** "5s ago" in the Last transition column ages even when nothing changes. */
const AGE_REFRESH_MS = 1000;
/** Space pauses (app shortcut) instead of toggling the row's selection. */
const columnDefaults = {
  ...defaultColumn,
  suppressKeyboardEvent: (params: SuppressKeyboardEventParams<ConnectionGridRow>) => params.event.key === ' ',
};
/** Tab leaves the grid instead of walking its 20 headers and every cell; arrows move inside. */
const leaveOnTab = () => false as const;

export function ConnectionGrid() {
  const { feed, store, grid, settings } = useServices();
  const quickFilter = useUi((state) => state.quickFilter);
  const viewFilter = useUi((state) => state.viewFilter);
  const loading = useUi((state) => state.status === null);
  const namesVersion = useUi((state) => state.namesVersion);
  const showNames = useUi((state) => state.showNames);
  const apiRef = useRef<GridApi<ConnectionGridRow> | null>(null);
  const detachRef = useRef<Unsubscribe | null>(null);
  const predicate = useMemo(() => viewFilterPredicate(viewFilter), [viewFilter]);
  const predicateRef = useRef(predicate);
  // The quick filter is ours (an external filter over texts kept per row): AG Grid's own makes
  // every row's text through its value machinery, seconds at 100 000 rows.
  const search = useMemo(() => new RowSearch(feed.names, (work) => requestIdleCallback(work, { timeout: 1000 })), [feed]);
  const quickTest = useMemo(() => quickFilterTest(quickFilter), [quickFilter]);
  const quickRef = useRef(quickTest);

  const onGridReady = useCallback(
    (event: GridReadyEvent<ConnectionGridRow>) => {
      apiRef.current = event.api;
      const api = event.api;
      grid.attach(api);
      settings.gridReady();
      grid.setColumnsVisible(NAME_COLUMNS, store.getState().showNames);
      search.setColumns(displayedColumnIds(api));
      labelGrid();
      detachRef.current = feed.attachGrid({
        applyTransaction: (tx) => {
          // Event batches are applied together every asyncTransactionWaitMillis. A big one (a
          // snapshot: the whole table) goes in at once, after whatever is still queued.
          if (tx.add.length + tx.update.length + tx.remove.length < BIG_TRANSACTION_ROWS) {
            api.applyTransactionAsync(tx);
          } else {
            api.flushAsyncTransactions();
            api.applyTransaction(tx);
            search.warm(tx.add, { newTable: false }); // the next part of a table that arrives in parts
          }
        },
        replaceAll: (rows) => {
          api.flushAsyncTransactions();
          api.setGridOption('rowData', rows);
          search.warm(rows, { newTable: true });
        },
      });
    },
    [feed, grid, settings, store, search],
  );

  // Tied to the grid's own lifecycle rather than a React effect: StrictMode re-runs effects
  // without recreating the grid, and re-attaching would add every row twice.
  const onGridPreDestroyed = useCallback(() => {
    detachRef.current?.();
    detachRef.current = null;
    apiRef.current = null;
    grid.detach();
  }, [grid]);

  useEffect(() => {
    predicateRef.current = predicate;
    apiRef.current?.onFilterChanged();
  }, [predicate]);
  useEffect(() => {
    if (quickRef.current === quickTest) return;
    quickRef.current = quickTest;
    apiRef.current?.onFilterChanged();
  }, [quickTest]);

  /** The quick filter reads names at each search: it runs again when they change what it matches. */
  const refilterByText = useCallback(() => {
    if (quickRef.current !== null) apiRef.current?.onFilterChanged();
  }, []);
  /** What the row columns show changed under the rows: their texts are made again. */
  const searchTextsChanged = useCallback(() => {
    search.forget();
    const api = apiRef.current;
    if (!api) return;
    const rows: ConnectionGridRow[] = [];
    api.forEachNode((node) => node.data && rows.push(node.data));
    search.warm(rows, { newTable: true });
    refilterByText();
  }, [search, refilterByText]);

  // Names arrived, or the toggle changed: redraw the cells that show them.
  useEffect(() => {
    if (namesVersion === 0) return;
    grid.refreshNames(NAME_CELLS);
    refilterByText();
  }, [grid, namesVersion, refilterByText]);
  useEffect(() => {
    grid.setColumnsVisible(NAME_COLUMNS, showNames);
    searchTextsChanged(); // ports read `https (443)` only with names on
  }, [grid, showNames, searchTextsChanged]);
  const onDisplayedColumnsChanged = useCallback(
    (event: { api: GridApi<ConnectionGridRow> }) => {
      search.setColumns(displayedColumnIds(event.api));
      searchTextsChanged();
    },
    [search, searchTextsChanged],
  );

  useEffect(() => {
    const timer = setInterval(() => {
      apiRef.current?.refreshCells({ columns: ['lastTransition'], force: true });
    }, AGE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const isExternalFilterPresent = useCallback(() => predicateRef.current !== null || quickRef.current !== null, []);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<ConnectionGridRow>) => {
      const data = node.data;
      if (!data) return false;
      if (predicateRef.current && !predicateRef.current(data)) return false;
      return quickRef.current === null || quickRef.current(search.textsOf(data));
    },
    [search],
  );

  const onSelectionChanged = useCallback(() => {
    const [selected] = grid.selectedRows();
    store.getState().select(selected ? { id: selected.id, pid: selected.row.pid } : null);
  }, [grid, store]);

  const openDrilldown = useCallback(
    (data: ConnectionGridRow | undefined) => {
      if (data?.row.pid != null) store.getState().openDrilldown(data.row.pid);
    },
    [store],
  );
  const onRowDoubleClicked = useCallback(
    (event: RowDoubleClickedEvent<ConnectionGridRow>) => openDrilldown(event.data),
    [openDrilldown],
  );
  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<ConnectionGridRow>) => {
      if (event.event instanceof KeyboardEvent && event.event.key === 'Enter') openDrilldown(event.data);
    },
    [openDrilldown],
  );
  const onCellContextMenu = useCallback(
    (event: CellContextMenuEvent<ConnectionGridRow>) => {
      const mouse = event.event instanceof MouseEvent ? event.event : null;
      if (!event.data || !event.node) return;
      // As in Explorer and TCPView: right-clicking outside the selection selects that row alone.
      if (!event.node.isSelected()) {
        event.api.deselectAll();
        event.node.setSelected(true);
      }
      if (event.rowIndex !== null && event.column) event.api.setFocusedCell(event.rowIndex, event.column);
      store
        .getState()
        .openOverlay({ kind: 'context-menu', x: mouse?.clientX ?? 0, y: mouse?.clientY ?? 0, rowId: event.data.id });
    },
    [store],
  );

  const onModelUpdated = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    performance.mark('sockscope:model-updated'); // for bench/ui.mjs
    const shown = api.getDisplayedRowCount();
    const total = feed.rowCount;
    const state = store.getState();
    if (state.rowsShown !== shown || state.rowsTotal !== total) store.setState({ rowsShown: shown, rowsTotal: total });
  }, [feed, store]);

  const onColumnsChanged = useCallback((event: { source?: string }) => settings.columnsChanged(event.source), [settings]);

  return (
    <div className="grid-host" data-testid="connection-grid">
      <AgGridReact<ConnectionGridRow>
        theme={gridTheme}
        columnDefs={connectionColumns}
        defaultColDef={columnDefaults}
        context={feed.names}
        getRowId={getRowId}
        rowClassRules={highlightClassRules}
        rowSelection={rowSelection}
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        asyncTransactionWaitMillis={50}
        // A batch of changes re-sorts the rows it touched, not all 100 000 (sorted by Last transition, every batch touches the order).
        deltaSort
        animateRows={false}
        // 20 columns over ~40 rendered rows: cheap, and every cell of a row is there to read or find.
        suppressColumnVirtualisation
        enableCellTextSelection
        preventDefaultOnContextMenu
        tooltipShowDelay={400}
        tabToNextHeader={leaveOnTab}
        tabToNextCell={leaveOnTab}
        loading={loading}
        overlayComponentParams={overlayText}
        onGridReady={onGridReady}
        onGridPreDestroyed={onGridPreDestroyed}
        onSelectionChanged={onSelectionChanged}
        onRowDoubleClicked={onRowDoubleClicked}
        onCellKeyDown={onCellKeyDown}
        onCellContextMenu={onCellContextMenu}
        onModelUpdated={onModelUpdated}
        onDisplayedColumnsChanged={onDisplayedColumnsChanged}
        onColumnMoved={onColumnsChanged}
        onColumnResized={onColumnsChanged}
        onColumnVisible={onColumnsChanged}
        onSortChanged={onColumnsChanged}
      />
    </div>
  );
}

/** Screen readers announce the grid by name. AG Grid gives its grid element no label of its own. */
function labelGrid(): void {
  const element = document.querySelector(
    '[data-testid="connection-grid"] [role="treegrid"], [data-testid="connection-grid"] [role="grid"]',
  );
  element?.setAttribute('aria-label', 'TCP connections');
}

const displayedColumnIds = (api: GridApi<ConnectionGridRow>): string[] => api.getAllDisplayedColumns().map((c) => c.getColId());
