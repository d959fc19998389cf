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

/** Rows whose texts one idle slice makes. */
const WARM_CHUNK = 5000;

export class RowSearch {
  private texts = new WeakMap<ConnectionGridRow, string>();
  private rowColumns: ColumnText[] = [];
  private nameColumns: ColumnText[] = [];
  private readonly upperNames = new Map<string, string>();
  /** Bumped to stop a warm-up that the texts it makes no longer match. */
  private warming = 0;

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
    this.warming++;
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

  /** Makes the rows' texts a slice at a time in idle time; a newer table or `forget` stops it. */
  warm(rows: readonly ConnectionGridRow[]): void {
    const run = ++this.warming;
    let next = 0;
    const slice = () => {
      if (run !== this.warming) return;
      const end = Math.min(rows.length, next + WARM_CHUNK);
      for (; next < end; next++) this.textsOf(rows[next]);
      if (next < rows.length) this.idle(slice);
    };
    this.idle(slice);
  }

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
