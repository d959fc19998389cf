/**
 * What the quick filter searches in each row: what its shown columns show, upper-cased. The text
 * of the columns a row's own fields decide is made once per row object and kept (a changed row is
 * a new object); host names, which arrive on their own, are looked up at each search. After a new
 * table the texts are made in idle time, so the first search at 100 000 rows does not make them.
 */
import { NAME_COLUMNS, SEARCH_TEXT } from '../grid/columns';
import type { GridContext } from '../grid/grid-context';
import type { ConnectionGridRow } from '../sync/grid-row';

type ColumnText = (data: ConnectionGridRow, context: GridContext) => string;

/** Rows whose texts one idle slice makes: ~10 ms, so that a message arriving meanwhile (the next part of a table) waits little. */
const WARM_CHUNK = 1000;

export class RowSearch {
  private texts = new WeakMap<ConnectionGridRow, string>();
  private rowColumns: ColumnText[] = [];
  private nameColumns: ColumnText[] = [];
  private readonly upperNames = new Map<string, string>();
  /** Rows whose texts are still to be made in idle time, in order. */
  private toWarm: (readonly ConnectionGridRow[])[] = [];
  private warmNext = 0;
  private warmScheduled = false;

  constructor(
    private readonly context: GridContext,
    private readonly idle: (work: () => void) => void = (work) => setTimeout(work, 0),
  ) {}

  /** The columns shown, in order: only those are searched. */
  setColumns(colIds: readonly string[]): void {
    this.rowColumns = colIds.filter((id) => !NAME_COLUMNS.includes(id)).flatMap((id) => SEARCH_TEXT[id] ?? []);
    this.nameColumns = colIds.filter((id) => NAME_COLUMNS.includes(id)).flatMap((id) => SEARCH_TEXT[id] ?? []);
    this.forget();
  }

  /** What the row columns show changed without the rows changing (the names toggle: `https (443)`). */
  forget(): void {
    this.texts = new WeakMap();
    this.toWarm = [];
  }

  /** The row's texts to search, upper-cased: its own columns', then each shown host name. */
  textsOf(data: ConnectionGridRow): string[] {
    let own = this.texts.get(data);
    if (own === undefined) {
      own = this.rowColumns
        .map((column) => column(data, this.context))
        .join('\n')
        .toUpperCase();
      this.texts.set(data, own);
    }
    if (this.nameColumns.length === 0) return [own];
    return [own, ...this.nameColumns.map((column) => this.upper(column(data, this.context)))];
  }

  /**
   * Makes the rows' texts a slice at a time in idle time, after rows already waiting (a table that
   * arrives in parts); `newTable` drops those of the table before, as `forget` does.
   */
  warm(rows: readonly ConnectionGridRow[], { newTable }: { newTable: boolean }): void {
    if (newTable) this.toWarm = [];
    if (this.toWarm.length === 0) this.warmNext = 0;
    this.toWarm.push(rows);
    if (!this.warmScheduled) {
      this.warmScheduled = true;
      this.idle(this.warmSlice);
    }
  }

  private readonly warmSlice = (): void => {
    this.warmScheduled = false;
    let budget = WARM_CHUNK;
    while (budget > 0 && this.toWarm.length > 0) {
      const rows = this.toWarm[0];
      const end = Math.min(rows.length, this.warmNext + budget);
      budget -= end - this.warmNext;
      for (; this.warmNext < end; this.warmNext++) this.textsOf(rows[this.warmNext]);
      if (this.warmNext === rows.length) {
        this.toWarm.shift();
        this.warmNext = 0;
      }
    }
    if (this.toWarm.length > 0) {
      this.warmScheduled = true;
      this.idle(this.warmSlice);
    }
  };

  /** Host names are few and shared by many rows: each is upper-cased once. */
  private upper(name: string): string {
    if (name === '') return name;
    let upper = this.upperNames.get(name);
    if (upper === undefined) {
      if (this.upperNames.size > 50_000) this.upperNames.clear();
      upper = name.toUpperCase();
      this.upperNames.set(name, upper);
    }
    return upper;
  }
}
