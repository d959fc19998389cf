import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellContextMenuEvent,
  CellKeyDownEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IGetRowsParams,
  OverlayComponentUserParams,
  RowDoubleClickedEvent,
  RowSelectionOptions,
  SortModelItem,
  SuppressKeyboardEventParams,
} from 'ag-grid-community';
import type { Unsubscribe } from '../../../main/common/contract/requests';
import type { ConnectionGridRow } from '../sync/grid-row';
import { useServices, useUi } from '../app/app-context';
import { viewFilterPredicate } from '../filters/view-filter';
import { quickFilterTest } from '../filters/quick-filter';
import { RowSearch } from '../filters/row-search';
import { connectionColumns, defaultColumn, highlightClassRules, NAME_COLUMNS, sortValueOf } from './columns';
import { gridTheme } from './grid-theme';
import type { GridContext } from './grid-context';
import { RowOrder, type SortColumn } from './row-order';
import { showOrder } from './show-order';

/** The cells that read names: host columns, and ports shown as `https (443)`. */
const NAME_CELLS = [...NAME_COLUMNS, 'localPort', 'remotePort'];

const rowSelection: RowSelectionOptions<ConnectionGridRow> = {
  mode: 'multiRow',
  checkboxes: false,
  headerCheckbox: false,
  enableClickSelection: true,
};
/**
 * The grid's own wording ("No Rows To Show") in ours. Our filters are not AG Grid's, so an empty
 * grid under them is its "no rows" overlay too, with the filter's wording.
 */
const overlayText = (filtered: boolean): OverlayComponentUserParams => ({
  loading: { overlayText: 'Reading the connection table…' },
  noRows: { overlayText: filtered ? 'No connections match the filter' : 'No TCP connections' },
});
const getRowId = (params: GetRowIdParams<ConnectionGridRow>): string => params.data.id;
/**
 * Rows the grid asks for at a time: a block or two cover the screen, and only those are kept
 * (every block kept is asked again, and redrawn, at each change).
 */
const BLOCK_ROWS = 100;
const BLOCKS_KEPT = 2;
/** A change this big (the next part of a table) has its search texts made in idle time. */
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
  // Every row, sorted and filtered by us: the grid holds only the blocks on screen.
  const order = useMemo(() => new RowOrder(), []);
  const predicate = useMemo(() => viewFilterPredicate(viewFilter), [viewFilter]);
  const predicateRef = useRef(predicate);
  // The quick filter searches texts kept per row: AG Grid's own made every row's text through
  // its value machinery, seconds at 100 000 rows.
  const search = useMemo(() => new RowSearch(feed.names, (work) => requestIdleCallback(work, { timeout: 1000 })), [feed]);
  const quickTest = useMemo(() => quickFilterTest(quickFilter), [quickFilter]);
  const quickRef = useRef(quickTest);
  const overlay = useMemo(() => overlayText(predicate !== null || quickTest !== null), [predicate, quickTest]);

  const publishCounts = useCallback(() => {
    const state = store.getState();
    const shown = order.length;
    const total = feed.rowCount;
    if (state.rowsShown !== shown || state.rowsTotal !== total) store.setState({ rowsShown: shown, rowsTotal: total });
  }, [feed, order, store]);

  // Changes come several times a frame at 1 000 a second: the rows on screen are put right once a frame.
  const refreshPending = useRef(false);
  const refreshGrid = useCallback(() => {
    if (refreshPending.current) return;
    refreshPending.current = true;
    requestAnimationFrame(() => {
      refreshPending.current = false;
      const api = apiRef.current;
      if (!api) return;
      showOrder(api, order);
      performance.mark('sockscope:model-updated');
      publishCounts();
    });
  }, [order, publishCounts]);

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        order.setSort(sortColumns(params.sortModel, feed.names));
        params.successCallback(order.slice(params.startRow, params.endRow), order.length);
        performance.mark('sockscope:model-updated'); // for bench/ui.mjs: the grid has the rows
        publishCounts();
      },
    }),
    [feed, order, publishCounts],
  );

  const applyFilters = useCallback(() => {
    const view = predicateRef.current;
    const quick = quickRef.current;
    order.setFilter(
      view === null && quick === null
        ? null
        : (data) => (view === null || view(data)) && (quick === null || quick(search.textsOf(data))),
    );
    refreshGrid();
  }, [order, refreshGrid, search]);

  const onGridReady = useCallback(
    (event: GridReadyEvent<ConnectionGridRow>) => {
      apiRef.current = event.api;
      const api = event.api;
      grid.attach(api, order, feed.names);
      settings.gridReady();
      grid.setColumnsVisible(NAME_COLUMNS, store.getState().showNames);
      search.setColumns(displayedColumnIds(api));
      labelGrid();
      detachRef.current = feed.attachGrid({
        applyTransaction: (tx) => {
          order.apply(tx);
          refreshGrid();
          // the next part of a table that arrives in parts
          if (tx.add.length >= BIG_TRANSACTION_ROWS) search.warm(tx.add, { newTable: false });
        },
        replaceAll: (rows) => {
          order.replaceAll(rows);
          refreshGrid();
          search.warm(rows, { newTable: true });
        },
      });
    },
    [feed, grid, settings, store, search, order, refreshGrid],
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
    if (predicateRef.current === predicate) return;
    predicateRef.current = predicate;
    applyFilters();
  }, [predicate, applyFilters]);
  useEffect(() => {
    if (quickRef.current === quickTest) return;
    quickRef.current = quickTest;
    applyFilters();
  }, [quickTest, applyFilters]);

  /** The quick filter and a sort by host name read names: they run again when names change. */
  const namesChangedUnderRows = useCallback(() => {
    const sortedByName = order.sortedBy().some((column) => NAME_CELLS.includes(column.colId));
    if (sortedByName) order.refresh({ sort: true });
    if (quickRef.current !== null) applyFilters();
    else if (sortedByName) refreshGrid();
  }, [order, applyFilters, refreshGrid]);
  /** What the row columns show changed under the rows: their texts are made again. */
  const searchTextsChanged = useCallback(() => {
    search.forget();
    search.warm(order.allRows(), { newTable: true });
    namesChangedUnderRows();
  }, [search, order, namesChangedUnderRows]);

  // Names arrived, or the toggle changed: redraw the cells that show them.
  useEffect(() => {
    if (namesVersion === 0) return;
    grid.refreshNames(NAME_CELLS);
    namesChangedUnderRows();
  }, [grid, namesVersion, namesChangedUnderRows]);
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
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={BLOCK_ROWS}
        maxBlocksInCache={BLOCKS_KEPT}
        animateRows={false}
        // 20 columns over ~40 rendered rows: cheap, and every cell of a row is there to read or find.
        suppressColumnVirtualisation
        enableCellTextSelection
        preventDefaultOnContextMenu
        tooltipShowDelay={400}
        tabToNextHeader={leaveOnTab}
        tabToNextCell={leaveOnTab}
        loading={loading}
        overlayComponentParams={overlay}
        onGridReady={onGridReady}
        onGridPreDestroyed={onGridPreDestroyed}
        onSelectionChanged={onSelectionChanged}
        onRowDoubleClicked={onRowDoubleClicked}
        onCellKeyDown={onCellKeyDown}
        onCellContextMenu={onCellContextMenu}
        onModelUpdated={publishCounts}
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

/** AG Grid's sort model as the order's sort columns, reading names through the grid's context. */
function sortColumns(model: readonly SortModelItem[], context: GridContext): SortColumn[] {
  return model.map(({ colId, sort }) => {
    const value = sortValueOf(colId);
    return { colId, descending: sort === 'desc', value: (data) => value(data, context) };
  });
}

const displayedColumnIds = (api: GridApi<ConnectionGridRow>): string[] => api.getAllDisplayedColumns().map((c) => c.getColId());
