/**
 * Puts the order's rows into the row nodes AG Grid's infinite model holds (the blocks on screen),
 * touching only the nodes whose row changed. AG Grid's own refresh (`refreshInfiniteCache`) asks
 * for every block again and gives each of its nodes its data as new, which redraws every cell on
 * screen at every change, changed or not, and then redraws the whole model once a block.
 */
import type { GridApi, IRowNode } from 'ag-grid-community';
import type { ConnectionGridRow } from '../sync/grid-row';
import type { RowOrder } from './row-order';

/** What the infinite model's own blocks call to put a different row into a node (id and selection follow it). */
interface NodeWithId {
  setDataAndId(data: ConnectionGridRow, id: string): void;
}
const canTakeNewRow = (node: IRowNode<ConnectionGridRow>): node is IRowNode<ConnectionGridRow> & NodeWithId =>
  typeof (node as Partial<NodeWithId>).setDataAndId === 'function';

export function showOrder(api: GridApi<ConnectionGridRow>, order: RowOrder): void {
  if (api.getDisplayedRowCount() !== order.length) api.setRowCount(order.length, true);
  let fallback = false;
  api.forEachNode((node) => {
    const index = node.rowIndex;
    const shown = node.data;
    if (index === null) return;
    const row = order.at(index);
    if (row === undefined || row === shown) return;
    if (row.id === shown?.id)
      node.updateData(row); // the same connection: only its changed cells redraw
    else if (canTakeNewRow(node)) node.setDataAndId(row, String(index));
    else fallback = true;
  });
  // A grid without the call above (a later AG Grid): its own refresh, slower but right.
  if (fallback) api.refreshInfiniteCache();
}
