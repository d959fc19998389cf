import { describe, expect, it } from 'vitest';
import type { ValueFormatterParams, ValueGetterParams } from 'ag-grid-community';
import type { TcpRow } from '../../../main/common/types';
import { connectionColumns, SEARCH_TEXT } from '../grid/columns';
import type { GridContext } from '../grid/grid-context';
import { makeGridRow, type ConnectionGridRow } from '../sync/grid-row';
import { T0, tcpRow } from '../sync/testing/test-fixtures';
import { quickFilterTest } from './quick-filter';
import { RowSearch } from './row-search';

const gridRow = (row: Partial<TcpRow> = {}): ConnectionGridRow =>
  makeGridRow({
    id: 'x',
    row: tcpRow(row),
    firstSeenAt: T0,
    lastTransition: { from: 'SYN_SENT', to: 'ESTABLISHED', at: T0 },
    closed: false,
    highlight: null,
    highlightUntilTick: null,
    lastOwner: null,
  });

const names = new Map<string, string>();
const context: GridContext = {
  showNames: true,
  hostName: (a) => names.get(a) ?? null,
  serviceName: (p) => (p === 443 ? 'https' : null),
};

/** What the user reads in a cell, through the column's own getter and formatter. */
function shown(colId: string, data: ConnectionGridRow): string {
  const column = connectionColumns.find((c) => c.colId === colId)!;
  const getter = column.valueGetter as (p: ValueGetterParams<ConnectionGridRow>) => unknown;
  const value = getter({ data, context } as ValueGetterParams<ConnectionGridRow>);
  const formatter = column.valueFormatter as ((p: ValueFormatterParams<ConnectionGridRow>) => string) | undefined;
  return formatter ? formatter({ value, data, context } as ValueFormatterParams<ConnectionGridRow>) : String(value ?? '');
}

describe('the quick filter’s search text', () => {
  it('is what each searched cell shows, addresses as addr:port', () => {
    names.set('10.0.0.9', 'db.example');
    const data = gridRow({ remoteAddress: '10.0.0.9', remotePort: 443, user: 'alice', shortLived: true, state: 'CLOSED' });
    for (const colId of Object.keys(SEARCH_TEXT)) {
      const text = SEARCH_TEXT[colId](data, context);
      if (colId === 'localAddress' || colId === 'remoteAddress')
        expect(text, colId).toMatch(new RegExp(`^${shown(colId, data)}:\\d+$`));
      else expect(text, colId).toBe(shown(colId, data));
    }
  });

  it('reads only the shown columns, never Last transition, and host names as they are now', () => {
    const search = new RowSearch(context);
    search.setColumns(['process', 'remoteHost', 'remotePort', 'lastTransition', 'bytesSent']);
    const data = gridRow({ remoteAddress: '10.0.0.7', remotePort: 443, processName: 'curl' });
    const matches = (filter: string) => quickFilterTest(filter)!(search.textsOf(data));
    expect(matches('curl https (443)')).toBe(true);
    expect(matches('SYN_SENT')).toBe(false); // only in Last transition
    expect(matches('web.example')).toBe(false);
    names.set('10.0.0.7', 'web.example'); // a name arrives: the row object stays the same
    expect(matches('web.example')).toBe(true);
    expect(matches('curl web.example 443')).toBe(true);
    search.setColumns(['process']);
    expect(matches('web.example')).toBe(false);
  });

  it('makes the texts of a new table in idle slices, and a newer table or forget stops the old warm-up', () => {
    const slices: (() => void)[] = [];
    const search = new RowSearch(context, (work) => slices.push(work));
    search.setColumns(['process']);
    const rows = Array.from({ length: 12_000 }, (_, i) => gridRow({ localPort: i }));
    search.warm(rows, { newTable: true });
    let made = 0;
    while (slices.length > 0) {
      slices.shift()!();
      made++;
    }
    expect(made).toBe(12); // 1 000 rows a slice
    search.warm(rows, { newTable: true });
    search.forget();
    slices.shift()!();
    expect(slices).toHaveLength(0);
  });

  it('warms the parts of a table that arrives in parts one after another, and a new table drops what is left of the old', () => {
    const slices: (() => void)[] = [];
    const search = new RowSearch(context, (work) => slices.push(work));
    search.setColumns(['process']);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => gridRow({ localPort: i }));
    const runAll = () => {
      let made = 0;
      while (slices.length > 0) {
        slices.shift()!();
        made++;
      }
      return made;
    };
    search.warm(rows(7_000), { newTable: true });
    search.warm(rows(4_000), { newTable: false });
    expect(runAll()).toBe(11); // 11 000 rows, 1 000 a slice
    search.warm(rows(7_000), { newTable: true });
    search.warm(rows(4_000), { newTable: true });
    expect(runAll()).toBe(4);
  });
});
