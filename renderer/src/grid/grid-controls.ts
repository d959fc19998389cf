/**
 * What menus, dialogs and keys do to the grid, through its API once it is ready: the selection,
 * copying and exporting what is shown, the column layout. Untrusted text (process names, module
 * names) leaves only escaped; CSV cells that a spreadsheet would run are neutralised.
 */
import type { Column, ColumnState, GridApi, IRowNode, ProcessCellForExportParams } from 'ag-grid-community';
import { escapeControlChars, neutraliseFormula } from '../../../main/common/text-safety';
import type { TcpRow } from '../../../main/common/types';
import type { SavedColumn } from '../settings/settings';
import type { ConnectionGridRow } from '../sync/grid-row';
import { formatTransition } from '../format/format';

export interface ColumnChoice {
  colId: string;
  headerName: string;
  visible: boolean;
}

export class GridControls {
  private api: GridApi<ConnectionGridRow> | null = null;

  attach(api: GridApi<ConnectionGridRow>): void {
    this.api = api;
  }

  detach(): void {
    this.api = null;
  }

  get ready(): boolean {
    return this.api !== null;
  }

  /** Selected rows in the order shown; the focused row if none is selected. */
  selectedRows(): ConnectionGridRow[] {
    const api = this.api;
    if (!api) return [];
    const nodes = api.getSelectedNodes().filter((n) => n.displayed);
    nodes.sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    if (nodes.length > 0) return nodes.flatMap((n) => (n.data ? [n.data] : []));
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
    return this.api?.getRowNode(id)?.data ?? null;
  }

  /** Rows after filters and sort, as the user sees them. */
  visibleRows(): ConnectionGridRow[] {
    const rows: ConnectionGridRow[] = [];
    this.api?.forEachNodeAfterFilterAndSort((node) => {
      if (node.data) rows.push(node.data);
    });
    return rows;
  }

  /** TCPView's Copy: the visible columns of `rows`, tab-separated, with a header line. */
  rowsAsText(rows: readonly ConnectionGridRow[]): string {
    const api = this.api;
    if (!api) return '';
    const columns = api.getAllDisplayedColumns();
    const cell = (text: string) => escapeControlChars(text);
    const lines = [columns.map((c) => cell(c.getColDef().headerName ?? c.getColId())).join('\t')];
    for (const data of rows) {
      const node = api.getRowNode(data.id);
      if (!node) continue;
      lines.push(columns.map((c) => cell(shownText(api, node, c))).join('\t'));
    }
    return lines.join('\n');
  }

  /** The visible rows as CSV, downloaded through AG Grid's own export. */
  exportCsv(fileName: string): void {
    this.api?.exportDataAsCsv({
      fileName,
      processCellCallback: (params: ProcessCellForExportParams<ConnectionGridRow>) => exportCell(params),
    });
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

/** The cell as the user reads it. */
function shownText(api: GridApi<ConnectionGridRow>, node: IRowNode<ConnectionGridRow>, column: Column): string {
  const value: unknown = api.getCellValue({ rowNode: node, colKey: column, useFormatter: true });
  return value === null || value === undefined ? '' : String(value);
}

/**
 * An exported cell: raw values (numbers stay numbers, times ISO), the transition as `FROM → TO
 * at`, text escaped and neutralised.
 */
function exportCell(params: ProcessCellForExportParams<ConnectionGridRow>): string {
  const data = params.node?.data;
  if (params.column.getColId() === 'lastTransition') {
    const t = data?.lastTransition;
    return t ? `${formatTransition(t)} ${t.at}` : '';
  }
  const value: unknown = params.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return neutraliseFormula(escapeControlChars(String(value)));
}
