import { describe, expect, it } from 'vitest';
import { makeGridRow, type ConnectionGridRow } from '../sync/grid-row';
import { tcpRow, T0 } from '../sync/testing/test-fixtures';
import type { TcpRow } from '../../../main/common/types';
import { NO_GRID_CONTEXT } from './grid-context';
import { sortValueOf } from './columns';
import { compareValues, RowOrder, type SortColumn } from './row-order';

const gridRow = (id: string, row: Partial<TcpRow> = {}, at: string | null = null): ConnectionGridRow =>
  makeGridRow({
    id,
    row: tcpRow(row),
    firstSeenAt: T0,
    lastTransition: at === null ? null : { from: 'SYN_SENT', to: 'ESTABLISHED', at },
    closed: false,
    highlight: null,
    highlightUntilTick: null,
    lastOwner: null,
  });

const byColumn = (colId: string, descending = false): SortColumn => {
  const value = sortValueOf(colId);
  return { colId, descending, value: (data) => value(data, NO_GRID_CONTEXT) };
};
const ids = (order: RowOrder) => order.rows().map((row) => row.id);

describe('RowOrder', () => {
  it('keeps arrival order unsorted: an update stays in place, an add goes last, a removal leaves', () => {
    const order = new RowOrder();
    order.replaceAll([gridRow('a'), gridRow('b'), gridRow('c')]);
    order.apply({ add: [gridRow('d')], update: [gridRow('a', { localPort: 9 })], remove: [gridRow('b')] });
    expect(ids(order)).toEqual(['a', 'c', 'd']);
    expect(order.row('a')?.row.localPort).toBe(9);
    expect(order.row('b')).toBeUndefined();
  });

  it('sorts addresses numerically, by their sort key', () => {
    const order = new RowOrder();
    const addresses = ['10.0.0.10', '::1', '2.0.0.1', '10.0.0.9'];
    order.replaceAll(addresses.map((a, i) => gridRow(String(i), { localAddress: a, family: a.includes(':') ? 'ipv6' : 'ipv4' })));
    order.setSort([byColumn('localAddress')]);
    expect(order.rows().map((r) => r.row.localAddress)).toEqual(['2.0.0.1', '10.0.0.9', '10.0.0.10', '::1']);
  });

  it('puts rows with no transition last when the newest transition is first', () => {
    const order = new RowOrder();
    order.replaceAll([
      gridRow('none'),
      gridRow('old', {}, '2024-05-01T12:00:01.000Z'),
      gridRow('new', {}, '2024-05-01T12:00:09.000Z'),
    ]);
    order.setSort([byColumn('lastTransition', true)]);
    expect(ids(order)).toEqual(['new', 'old', 'none']);
    order.apply({ add: [gridRow('newer', {}, '2024-05-01T12:00:10.000Z')], update: [], remove: [] });
    expect(ids(order)).toEqual(['newer', 'new', 'old', 'none']);
  });

  // Every change, sort and filter against the same rows sorted and filtered from scratch.
  it('agrees with a full sort and filter after random changes, sorts and filters', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const make = (id: string) =>
      gridRow(
        id,
        { localPort: random(20), remotePort: random(5), state: random(3) === 0 ? 'LISTEN' : 'ESTABLISHED' },
        random(4) === 0 ? null : `2024-05-01T12:00:0${random(10)}.000Z`,
      );
    const sorts: SortColumn[][] = [
      [],
      [byColumn('localPort')],
      [byColumn('lastTransition', true)],
      [byColumn('remotePort', true), byColumn('localPort')],
    ];
    const filters = [
      null,
      (r: ConnectionGridRow) => r.row.state !== 'LISTEN',
      (r: ConnectionGridRow) => r.row.localPort % 2 === 0,
    ];
    const order = new RowOrder();
    let live = new Map<string, ConnectionGridRow>();
    let arrival = new Map<string, number>();
    let arrived = 0;
    const initial = Array.from({ length: 200 }, (_, i) => make(`r${i}`));
    order.replaceAll(initial);
    for (const row of initial) {
      live.set(row.id, row);
      arrival.set(row.id, arrived++);
    }
    let sort = sorts[0];
    let filter = filters[0];
    let next = 200;
    for (let step = 0; step < 300; step++) {
      if (step % 37 === 0) order.setSort((sort = sorts[random(sorts.length)]));
      if (step % 53 === 0) order.setFilter((filter = filters[random(filters.length)]));
      const ids = [...live.keys()];
      const remove = Array.from({ length: random(6) }, () => live.get(ids[random(ids.length)])).filter((r) => r !== undefined);
      const removed = new Set(remove.map((r) => r.id));
      const update = Array.from({ length: random(6) }, () => ids[random(ids.length)])
        .filter((id, i, all) => !removed.has(id) && all.indexOf(id) === i)
        .map((id) => make(id));
      const add = Array.from({ length: random(6) }, () => make(`r${next++}`));
      order.apply({ add, update, remove: [...new Map(remove.map((r) => [r.id, r])).values()] });
      for (const id of removed) {
        live.delete(id);
        arrival.delete(id);
      }
      for (const row of update) live.set(row.id, row);
      for (const row of add) {
        live.set(row.id, row);
        arrival.set(row.id, arrived++);
      }
      const expected = [...live.values()]
        .filter((r) => filter === null || filter(r))
        .sort((a, b) => {
          for (const { value, descending } of sort) {
            const c = compareValues(value(a), value(b));
            if (c !== 0) return descending ? -c : c;
          }
          return (arrival.get(a.id) ?? 0) - (arrival.get(b.id) ?? 0);
        });
      expect(order.rows()).toEqual(expected);
      expect(order.total).toBe(live.size);
    }
    live = new Map();
    arrival = new Map();
  });

  it('answers a block of rows and the selected rows in the order shown', () => {
    const order = new RowOrder();
    order.replaceAll(['a', 'b', 'c', 'd', 'e'].map((id, i) => gridRow(id, { localPort: 10 - i })));
    order.setSort([byColumn('localPort')]);
    expect(order.slice(1, 3).map((r) => r.id)).toEqual(['d', 'c']);
    order.setFilter((r) => r.id !== 'c');
    expect(order.shownAmong(new Set(['a', 'c', 'e']))).toEqual([order.row('e'), order.row('a')]);
    expect(order.length).toBe(4);
    expect(order.total).toBe(5);
  });
});
