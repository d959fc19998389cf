/**
 * The connection table as the grid shows it: every row in the current sort, and those that pass
 * the filters in the same order. The grid (AG Grid's infinite row model) asks it for the rows of
 * the blocks on screen; AG Grid's client-side model instead walked all 100 000 rows on every
 * change (sorting, positions, the flattened list: ~65 ms a change under a sort).
 *
 * A change costs one pass over the rows (drop the changed ones, merge the new ones in, sorted):
 * a few milliseconds at 100 000 rows. Only a new sort sorts everything. Ties keep the order rows
 * arrived in, which is also the order when nothing is sorted: an updated row keeps its place.
 * Pure: no grid, no DOM.
 */
import type { ConnectionGridRow } from '../sync/grid-row';
import type { GridTransaction } from '../sync/connection-sync';

export type SortValue = string | number | null;

export interface SortColumn {
  /** The column's name, to tell one sort from another. */
  colId: string;
  value: (data: ConnectionGridRow) => SortValue;
  descending: boolean;
}

interface Entry {
  readonly row: ConnectionGridRow;
  /** The first sort column's value, read once per row and sort. */
  key: SortValue;
  readonly arrival: number;
  /** Replaced or removed: dropped at the next pass. */
  gone: boolean;
}

type RowTest = (data: ConnectionGridRow) => boolean;

export class RowOrder {
  private all: Entry[] = [];
  private shown: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private nextArrival = 0;
  private sort: readonly SortColumn[] = [];
  private pass: RowTest | null = null;

  /** Rows that pass the filters. */
  get length(): number {
    return this.shown.length;
  }

  /** Every row, filtered out or not. */
  get total(): number {
    return this.all.length;
  }

  /** Rows `start` to `end` (exclusive) of those shown. */
  slice(start: number, end: number): ConnectionGridRow[] {
    return this.shown.slice(start, end).map((entry) => entry.row);
  }

  /** Row `index` of those shown. */
  at(index: number): ConnectionGridRow | undefined {
    return this.shown[index]?.row;
  }

  /** The rows shown, in order. */
  rows(): ConnectionGridRow[] {
    return this.shown.map((entry) => entry.row);
  }

  /** Every row, in order. */
  allRows(): ConnectionGridRow[] {
    return this.all.map((entry) => entry.row);
  }

  row(id: string): ConnectionGridRow | undefined {
    return this.byId.get(id)?.row;
  }

  /** Those of `ids` that are shown, in the order shown. */
  shownAmong(ids: ReadonlySet<string>): ConnectionGridRow[] {
    if (ids.size === 0) return [];
    const rows: ConnectionGridRow[] = [];
    for (const entry of this.shown) if (ids.has(entry.row.id)) rows.push(entry.row);
    return rows;
  }

  /** The sort columns, by name and direction, as in AG Grid's sort model. */
  sortedBy(): { colId: string; descending: boolean }[] {
    return this.sort.map(({ colId, descending }) => ({ colId, descending }));
  }

  replaceAll(rows: readonly ConnectionGridRow[]): void {
    this.byId.clear();
    this.nextArrival = 0;
    this.all = rows.map((row) => this.enter(row, undefined));
    this.resort();
  }

  /** One message's changes: a pass over the rows, whatever their number. */
  apply({ add, update, remove }: GridTransaction): void {
    // An updated row keeps its place among equals (and its place when nothing is sorted).
    const arrivals = new Map<string, number>();
    let dropped = false;
    const drop = (row: ConnectionGridRow): void => {
      const entry = this.byId.get(row.id);
      if (!entry) return;
      entry.gone = true;
      dropped = true;
      this.byId.delete(row.id);
      arrivals.set(row.id, entry.arrival);
    };
    for (const row of remove) drop(row);
    for (const row of update) drop(row);
    for (const row of add) drop(row); // never in a valid transaction; an add of a row held is its update
    const incoming = [...add, ...update].map((row) => this.enter(row, arrivals.get(row.id)));
    if (incoming.length === 0 && !dropped) return;
    for (const entry of incoming) entry.key = this.keyOf(entry.row);
    incoming.sort(this.compare);
    const pass = this.pass;
    this.all = this.merged(this.all, incoming, dropped);
    this.shown = this.merged(this.shown, pass ? incoming.filter((entry) => pass(entry.row)) : incoming, dropped);
  }

  /** A new sort: everything is sorted again (the only time all rows are). */
  setSort(columns: readonly SortColumn[]): void {
    const same =
      columns.length === this.sort.length &&
      columns.every((c, i) => c.colId === this.sort[i].colId && c.descending === this.sort[i].descending);
    this.sort = columns;
    if (!same) this.resort();
  }

  /** A new filter (null lets every row through): a pass over the rows, no sort. */
  setFilter(pass: RowTest | null): void {
    this.pass = pass;
    this.refilter();
  }

  /** What the sort or the filter reads changed without the rows changing (names arrived). */
  refresh({ sort }: { sort: boolean }): void {
    if (sort) this.resort();
    else this.refilter();
  }

  private resort(): void {
    for (const entry of this.all) entry.key = this.keyOf(entry.row);
    this.all.sort(this.compare);
    this.refilter();
  }

  private refilter(): void {
    const pass = this.pass;
    this.shown = pass ? this.all.filter((entry) => pass(entry.row)) : this.all.slice();
  }

  private enter(row: ConnectionGridRow, arrival: number | undefined): Entry {
    const entry: Entry = { row, key: null, arrival: arrival ?? this.nextArrival++, gone: false };
    this.byId.set(row.id, entry);
    return entry;
  }

  private keyOf(row: ConnectionGridRow): SortValue {
    const first = this.sort[0];
    return first ? first.value(row) : null;
  }

  /**
   * `rows` without the gone ones, with `incoming` (sorted) merged in: each new row's place by
   * binary search (gone rows are still in order, so they may be searched), then one copy.
   */
  private merged(rows: readonly Entry[], incoming: readonly Entry[], dropGone: boolean): Entry[] {
    const places = incoming.map((entry) => this.placeOf(rows, entry));
    const out: Entry[] = [];
    let next = 0;
    for (let i = 0; i < rows.length; i++) {
      while (next < incoming.length && places[next] === i) out.push(incoming[next++]);
      const entry = rows[i];
      if (!dropGone || !entry.gone) out.push(entry);
    }
    while (next < incoming.length) out.push(incoming[next++]);
    return out;
  }

  /** The index of the first of `rows` that sorts after `entry`. */
  private placeOf(rows: readonly Entry[], entry: Entry): number {
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(rows[middle], entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private readonly compare = (a: Entry, b: Entry): number => {
    const sort = this.sort;
    if (sort.length > 0) {
      const first = compareValues(a.key, b.key);
      if (first !== 0) return sort[0].descending ? -first : first;
      for (let i = 1; i < sort.length; i++) {
        const { value, descending } = sort[i];
        const next = compareValues(value(a.row), value(b.row));
        if (next !== 0) return descending ? -next : next;
      }
    }
    return a.arrival - b.arrival;
  };
}

/** As AG Grid's default comparator: empty first, then numbers by number and text by code unit. */
export function compareValues(a: SortValue, b: SortValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
