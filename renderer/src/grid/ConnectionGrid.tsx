import { useCallback, useEffect, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellKeyDownEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  OverlayComponentUserParams,
  RowDoubleClickedEvent,
  RowSelectionOptions,
} from 'ag-grid-community';
import type { Unsubscribe } from '../../../main/common/contract/requests';
import type { ConnectionGridRow } from '../sync/grid-row';
import { useServices, useUi } from '../app/app-context';
import { connectionColumns, defaultColumn, highlightClassRules } from './columns';
import { gridTheme } from './grid-theme';

const rowSelection: RowSelectionOptions<ConnectionGridRow> = {
  mode: 'singleRow',
  checkboxes: false,
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

export function ConnectionGrid() {
  const { feed, store } = useServices();
  const quickFilter = useUi((state) => state.quickFilter);
  const onlyPid = useUi((state) => (state.onlyDrilldownProcess ? state.drilldownPid : null));
  const loading = useUi((state) => state.status === null);
  const apiRef = useRef<GridApi<ConnectionGridRow> | null>(null);
  const detachRef = useRef<Unsubscribe | null>(null);
  const onlyPidRef = useRef<number | null>(onlyPid);

  const onGridReady = useCallback(
    (event: GridReadyEvent<ConnectionGridRow>) => {
      apiRef.current = event.api;
      const api = event.api;
      detachRef.current = feed.attachGrid({
        applyTransaction: (tx) => {
          // Event batches are applied together every asyncTransactionWaitMillis. A big one (a
          // snapshot: the whole table) goes in at once, after whatever is still queued.
          if (tx.add.length + tx.update.length + tx.remove.length < BIG_TRANSACTION_ROWS) {
            api.applyTransactionAsync(tx);
          } else {
            api.flushAsyncTransactions();
            api.applyTransaction(tx);
          }
        },
      });
    },
    [feed],
  );

  // Tied to the grid's own lifecycle rather than a React effect: StrictMode re-runs effects
  // without recreating the grid, and re-attaching would add every row twice.
  const onGridPreDestroyed = useCallback(() => {
    detachRef.current?.();
    detachRef.current = null;
    apiRef.current = null;
  }, []);

  useEffect(() => {
    onlyPidRef.current = onlyPid;
    apiRef.current?.onFilterChanged();
  }, [onlyPid]);

  useEffect(() => {
    const timer = setInterval(() => {
      apiRef.current?.refreshCells({ columns: ['lastTransition'], force: true });
    }, AGE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const isExternalFilterPresent = useCallback(() => onlyPidRef.current !== null, []);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<ConnectionGridRow>) => node.data?.row.pid === onlyPidRef.current,
    [],
  );

  const onSelectionChanged = useCallback(() => {
    const selected = apiRef.current?.getSelectedRows()[0];
    store.getState().select(selected ? { id: selected.id, pid: selected.row.pid } : null);
  }, [store]);

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

  const onModelUpdated = useCallback(() => {
    const shown = apiRef.current?.getDisplayedRowCount() ?? 0;
    if (store.getState().rowsShown !== shown) store.setState({ rowsShown: shown });
  }, [store]);

  return (
    <div className="grid-host" data-testid="connection-grid">
      <AgGridReact<ConnectionGridRow>
        theme={gridTheme}
        columnDefs={connectionColumns}
        defaultColDef={defaultColumn}
        getRowId={getRowId}
        rowClassRules={highlightClassRules}
        rowSelection={rowSelection}
        quickFilterText={quickFilter}
        cacheQuickFilter
        isExternalFilterPresent={isExternalFilterPresent}
        doesExternalFilterPass={doesExternalFilterPass}
        asyncTransactionWaitMillis={50}
        animateRows={false}
        enableCellTextSelection
        tooltipShowDelay={400}
        loading={loading}
        overlayComponentParams={overlayText}
        onGridReady={onGridReady}
        onGridPreDestroyed={onGridPreDestroyed}
        onSelectionChanged={onSelectionChanged}
        onRowDoubleClicked={onRowDoubleClicked}
        onCellKeyDown={onCellKeyDown}
        onModelUpdated={onModelUpdated}
      />
    </div>
  );
}
