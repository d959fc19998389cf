/**
 * What menus, dialogs and keys do to the grid, through its API once it is ready: the selection,
 * copying and exporting what is shown, the column layout. Untrusted text (process names, module
 * names) leaves only escaped; CSV cells that a spreadsheet would run are neutralised.
 */
import type { Column, ColumnState, GridApi } from 'ag-grid-community';
import { csvField, escapeControlChars } from '../../../main/common/text-safety';
import type { TcpRow } from '../../../main/common/types';
import type { SavedColumn } from '../settings/settings';
import type { ConnectionGridRow } from '../sync/grid-row';
import { formatTransition } from '../format/format';
import { cellText, cellValue } from './columns';
import type { GridContext } from './grid-context';
import type { RowOrder } from './row-order';

export interface ColumnChoice {
  colId: string;
  headerName: string;
  visible: boolean;
}

/** The grid and what it shows: the grid holds only the rows on screen, the order holds them all. */
interface AttachedGrid {
  api: GridApi<ConnectionGridRow>;
  order: RowOrder;
  context: GridContext;
}

export class GridControls {
  private grid: AttachedGrid | null = null;

  attach(api: GridApi<ConnectionGridRow>, order: RowOrder, context: GridContext): void {
    this.grid = { api, order, context };
  }

  detach(): void {
    this.grid = null;
  }

  private get api(): GridApi<ConnectionGridRow> | null {
    return this.grid?.api ?? null;
  }

  get ready(): boolean {
    return this.grid !== null;
  }

  /** Selected rows that are shown, in the order shown; the focused row if none is selected. */
  selectedRows(): ConnectionGridRow[] {
    const grid = this.grid;
    if (!grid) return [];
    const ids = new Set(grid.api.getSelectedNodes().flatMap((node) => (node.id === undefined ? [] : [node.id])));
    const rows = grid.order.shownAmong(ids);
    if (rows.length > 0) return rows;
    const focused = this.focusedRow();
    return focused ? [focused] : [];
  }

  focusedRow(): ConnectionGridRow | null {
    const api = this.api;
    const cell = api?.getFocusedCell();
    if (!api || !cell || cell.rowPinned) return null;
    return api.getDisplayedRowAtIndex(cell.rowIndex)?.data ?? null;
  }

  row(id: string): ConnectionGridRow | null {
    return this.grid?.order.row(id) ?? null;
  }

  /** Rows after filters and sort, as the user sees them. */
  visibleRows(): ConnectionGridRow[] {
    return this.grid?.order.rows() ?? [];
  }

  /** TCPView's Copy: the visible columns of `rows`, tab-separated, with a header line. */
  rowsAsText(rows: readonly ConnectionGridRow[]): string {
    const grid = this.grid;
    if (!grid) return '';
    const columns = grid.api.getAllDisplayedColumns();
    const lines = [columns.map((c) => escapeControlChars(headerOf(c))).join('\t')];
    for (const data of rows) {
      lines.push(columns.map((c) => escapeControlChars(cellText(c.getColId(), data, grid.context))).join('\t'));
    }
    return lines.join('\n');
  }

  /**
   * The visible rows in the visible columns as CSV, as `list --csv` writes cells: raw values
   * (numbers stay numbers, times ISO), the transition as `FROM → TO at`, text escaped and
   * neutralised. Made from the rows, not by AG Grid's export, which sees only the rows on screen.
   */
  rowsAsCsv(): string {
    const grid = this.grid;
    if (!grid) return '';
    const columns = grid.api.getAllDisplayedColumns();
    const colIds = columns.map((c) => c.getColId());
    const lines = [columns.map((c) => csvField(headerOf(c))).join(',')];
    for (const data of grid.order.rows()) {
      lines.push(colIds.map((colId) => csvField(exportValue(colId, data, grid.context))).join(','));
    }
    return lines.join('\n');
  }

  /** The visible rows in `list --json`'s row format. */
  rowsAsJson(): TcpRow[] {
    return this.visibleRows().map((data) => data.row);
  }

  columnChoices(): ColumnChoice[] {
    const api = this.api;
    if (!api) return [];
    return (api.getColumns() ?? [])
      .slice()
      .sort((a, b) => order(api, a) - order(api, b))
      .map((c) => ({ colId: c.getColId(), headerName: c.getColDef().headerName ?? c.getColId(), visible: c.isVisible() }));
  }

  setColumnVisible(colId: string, visible: boolean): void {
    this.api?.setColumnsVisible([colId], visible);
  }

  /** Moves a column one place left (-1) or right (+1) among all columns. */
  moveColumn(colId: string, by: -1 | 1): void {
    const api = this.api;
    if (!api) return;
    const ids = this.columnChoices().map((c) => c.colId);
    const from = ids.indexOf(colId);
    const to = from + by;
    if (from < 0 || to < 0 || to >= ids.length) return;
    api.moveColumns([colId], to);
  }

  savedColumns(): SavedColumn[] {
    return (this.api?.getColumnState() ?? []).map((s: ColumnState) => ({
      colId: s.colId,
      hide: s.hide === true,
      ...(typeof s.width === 'number' ? { width: s.width } : {}),
      sort: s.sort ?? null,
      sortIndex: s.sortIndex ?? null,
    }));
  }

  applySavedColumns(columns: readonly SavedColumn[]): void {
    this.api?.applyColumnState({ state: columns.map((c) => ({ ...c })), applyOrder: true });
  }

  /** Back to the columns as shipped, with `hidden` hidden. */
  resetLayout(hidden: readonly string[]): void {
    const api = this.api;
    if (!api) return;
    api.resetColumnState();
    api.setColumnsVisible([...hidden], false);
  }

  setColumnsVisible(colIds: readonly string[], visible: boolean): void {
    this.api?.setColumnsVisible([...colIds], visible);
  }

  /** Puts the keyboard in the grid: on the focused cell, else the first row's first column. */
  focus(): void {
    const api = this.api;
    if (!api) return;
    const cell = api.getFocusedCell();
    const column = cell?.column ?? api.getAllDisplayedColumns()[0];
    if (column) api.setFocusedCell(cell?.rowIndex ?? 0, column);
  }

  /** Re-reads the cells that show names. */
  refreshNames(colIds: readonly string[]): void {
    const api = this.api;
    if (!api) return;
    api.refreshCells({ columns: [...colIds], force: true });
  }
}

const order = (api: GridApi<ConnectionGridRow>, column: Column): number => api.getAllGridColumns().indexOf(column);

const headerOf = (column: Column): string => column.getColDef().headerName ?? column.getColId();

/** An exported cell's value: the column's own, but the transition written out with its time. */
function exportValue(colId: string, data: ConnectionGridRow, context: GridContext): string | number | null {
  if (colId !== 'lastTransition') return cellValue(colId, data, context);
  const t = data.lastTransition;
  return t ? `${formatTransition(t)} ${t.at}` : null;
}
