import { beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../../../main/common/contract/messages';
import { decodeSnapshotHead, decodeSnapshotRows, encodeSnapshot } from '../../../main/common/contract/snapshot-parts';
import { ConnectionSync, GRID_ROWS_PER_TRANSACTION, type GridTransaction, type SyncOutcome } from './connection-sync';
import type { ConnectionGridRow } from './grid-row';
import { formatStateCounts } from './state-counts';
import {
  closed,
  events,
  eventsWithMetrics,
  opened,
  ownerChanged,
  snapshot,
  stateChanged,
  tcpRow,
  tracked,
} from './testing/test-fixtures';

/** Stands in for AG Grid's client-side row model: rejects transactions the grid would reject. */
class FakeGrid {
  readonly rows = new Map<string, ConnectionGridRow>();
  transactions = 0;

  apply(outcome: SyncOutcome): SyncOutcome {
    if (outcome.replaceAll) {
      this.rows.clear();
      for (const row of outcome.replaceAll) this.rows.set(row.id, row);
    }
    if (outcome.transaction) this.applyTransaction(outcome.transaction);
    return outcome;
  }

  private applyTransaction(tx: GridTransaction): void {
    this.transactions += 1;
    for (const row of tx.remove) {
      if (!this.rows.delete(row.id)) throw new Error(`remove of unknown row ${row.id}`);
    }
    for (const row of tx.update) {
      if (!this.rows.has(row.id)) throw new Error(`update of unknown row ${row.id}`);
      this.rows.set(row.id, row);
    }
    for (const row of tx.add) {
      if (this.rows.has(row.id)) throw new Error(`duplicate add of ${row.id}`);
      this.rows.set(row.id, row);
    }
  }

  highlight(id: string): string | null | undefined {
    return this.rows.get(id)?.highlight;
  }
}

let sync: ConnectionSync;
let grid: FakeGrid;
const snap = (...args: Parameters<typeof snapshot>) => grid.apply(sync.applySnapshot(snapshot(...args)));
const refresh = (...args: Parameters<typeof events>) => grid.apply(sync.applyEvents(events(...args)));

beforeEach(() => {
  sync = new ConnectionSync();
  grid = new FakeGrid();
});

describe('snapshot then events', () => {
  it('shows the snapshot rows without highlighting them', () => {
    snap(10, [tracked('a', { state: 'LISTEN' }), tracked('b')]);
    expect([...grid.rows.keys()].sort()).toEqual(['a', 'b']);
    expect(grid.highlight('a')).toBeNull();
    expect(sync.awaitingSnapshot).toBe(false);
  });

  it('applies the events that follow the snapshot', () => {
    snap(10, [tracked('a')]);
    refresh(opened(11, 'b', { localPort: 5000 }), closed(12, 'a'));
    expect(grid.rows.get('b')?.row.localPort).toBe(5000);
    expect(grid.highlight('a')).toBe('closed');
    // 12 was the last applied: a replay of it changes nothing, 13 follows on.
    refresh(opened(12, 'x'), opened(13, 'c'));
    expect(grid.rows.has('x')).toBe(false);
    expect(grid.rows.has('c')).toBe(true);
    expect(sync.awaitingSnapshot).toBe(false);
  });

  it('ignores events until the first snapshot and asks for one', () => {
    const outcome = refresh(opened(1, 'a'));
    expect(outcome.needsSnapshot).toBe(true);
    expect(grid.rows.size).toBe(0);
  });

  it('emits one transaction per message, never a full reload', () => {
    snap(
      0,
      Array.from({ length: 1000 }, (_, i) => tracked(`c${i}`)),
    );
    const outcome = refresh(opened(1, 'new'));
    expect(outcome.transaction).toEqual({ add: [grid.rows.get('new')], update: [], remove: [] });
  });

  it('produces no transaction for an empty refresh with nothing fading', () => {
    snap(0, [tracked('a')]);
    expect(refresh().transaction).toBeNull();
  });
});

describe('sequence handling', () => {
  it('drops events already applied, so nothing is applied twice', () => {
    snap(10, [tracked('a')]);
    refresh(stateChanged(11, 'a', 'ESTABLISHED', 'FIN_WAIT_1'));
    // A replayed batch (e.g. after a reconnect) and events older than the snapshot.
    const outcome = refresh(stateChanged(9, 'a', 'LISTEN', 'CLOSED'), stateChanged(11, 'a', 'ESTABLISHED', 'FIN_WAIT_1'));
    expect(outcome.needsSnapshot).toBe(false);
    expect(grid.rows.get('a')?.row.state).toBe('FIN_WAIT_1');
    expect(sync.counts().byState).toEqual({ FIN_WAIT_1: 1 });
  });

  it('on a gap asks for a snapshot and ignores batches until it arrives', () => {
    snap(10, [tracked('a')]);
    const gap = refresh(opened(13, 'lost-context'));
    expect(gap.needsSnapshot).toBe(true);
    expect(grid.rows.has('lost-context')).toBe(false);

    const meanwhile = refresh(opened(14, 'x'));
    expect(meanwhile.needsSnapshot).toBe(true);
    expect(grid.rows.has('x')).toBe(false);

    snap(14, [tracked('a', { state: 'CLOSE_WAIT' }), tracked('lost-context'), tracked('x')]);
    expect(sync.awaitingSnapshot).toBe(false);
    expect([...grid.rows.keys()].sort()).toEqual(['a', 'lost-context', 'x']);
    // What the resync revealed is highlighted like live events would have been.
    expect(grid.highlight('x')).toBe('new');
    expect(grid.highlight('a')).toBe('changed');

    const after = refresh(opened(15, 'y'));
    expect(after.needsSnapshot).toBe(false);
    expect(grid.rows.has('y')).toBe(true);
  });

  it('applies the contiguous part of a batch before a gap inside it', () => {
    snap(10, [tracked('a')]);
    const outcome = refresh(opened(11, 'b'), opened(13, 'd'));
    expect(outcome.needsSnapshot).toBe(true);
    expect(grid.rows.has('b')).toBe(true);
    expect(grid.rows.has('d')).toBe(false);
  });

  it('shows rows that vanished during a gap as closed, then removes them', () => {
    snap(10, [tracked('a'), tracked('b')]);
    refresh(opened(12, 'c'));
    snap(12, [tracked('a'), tracked('c')]);
    expect(grid.highlight('b')).toBe('closed');
    refresh();
    refresh();
    expect(grid.rows.has('b')).toBe(false);
  });

  it('treats a snapshot with a lower seq as a restarted monitor: replaces the table quietly', () => {
    snap(500, [tracked('old-1'), tracked('old-2')]);
    snap(3, [tracked('n-1')]);
    expect([...grid.rows.keys()]).toEqual(['n-1']);
    expect(grid.highlight('n-1')).toBeNull();
    expect(sync.counts().total).toBe(1);
    refresh(opened(4, 'n-2'));
    expect(grid.rows.has('n-2')).toBe(true);
  });

  it('a repeated snapshot (e.g. after a reconnect with no changes) changes nothing', () => {
    snap(10, [tracked('a'), tracked('b')]);
    expect(sync.applySnapshot(snapshot(10, [tracked('a'), tracked('b')])).transaction).toBeNull();
  });
});

describe('highlight lifecycle', () => {
  beforeEach(() => {
    snap(0, [tracked('a', { state: 'SYN_SENT' })]);
  });

  it('a new row is green for two refreshes, then plain', () => {
    refresh(opened(1, 'n'));
    expect(grid.highlight('n')).toBe('new');
    refresh();
    expect(grid.highlight('n')).toBe('new');
    refresh();
    expect(grid.highlight('n')).toBeNull();
    expect(grid.rows.has('n')).toBe(true);
  });

  it('a closed row is red for two refreshes, then removed', () => {
    refresh(closed(1, 'a', { state: 'TIME_WAIT' }));
    expect(grid.highlight('a')).toBe('closed');
    expect(grid.rows.get('a')?.row.state).toBe('TIME_WAIT');
    expect(sync.counts().total).toBe(0);
    refresh();
    expect(grid.highlight('a')).toBe('closed');
    refresh();
    expect(grid.rows.has('a')).toBe(false);
    expect(sync.allRows()).toEqual([]);
  });

  it('a short-lived connection (closed, never seen) shows red as it closes, uncounted, then leaves; an unknown plain close shows nothing', () => {
    refresh(closed(1, 'gone', { shortLived: true, pid: null, bytesSent: 512 }), closed(2, 'never'));
    expect(grid.highlight('gone')).toBe('closed');
    expect(grid.rows.get('gone')?.row).toMatchObject({ shortLived: true, bytesSent: 512 });
    expect(grid.rows.has('never')).toBe(false);
    expect(sync.counts().total).toBe(1); // 'a' only: a closed row is no live connection
    refresh();
    refresh();
    expect(grid.rows.has('gone')).toBe(false);
  });

  it('closes heard between polls fade by polls: a burst of them neither fades other rows nor themselves early', () => {
    refresh(opened(1, 'n'));
    const between = (...list: Parameters<typeof events>) =>
      grid.apply(sync.applyEvents({ ...events(...list), betweenPolls: true }));
    between(closed(2, 'gone', { shortLived: true }));
    between(closed(3, 'gone2', { shortLived: true }));
    between();
    expect(grid.highlight('n')).toBe('new');
    expect(grid.highlight('gone')).toBe('closed');
    refresh();
    expect(grid.highlight('n')).toBe('new');
    expect(grid.highlight('gone')).toBe('closed');
    refresh();
    expect(grid.highlight('n')).toBeNull();
    expect(grid.rows.has('gone')).toBe(false);
    expect(grid.rows.has('gone2')).toBe(false);
  });

  it('a state change is yellow with the transition, then plain with the transition kept', () => {
    refresh(stateChanged(1, 'a', 'SYN_SENT', 'ESTABLISHED'));
    const row = grid.rows.get('a');
    expect(row?.highlight).toBe('changed');
    expect(row?.lastTransition).toMatchObject({ from: 'SYN_SENT', to: 'ESTABLISHED' });
    expect(row?.row.state).toBe('ESTABLISHED');
    refresh();
    refresh();
    expect(grid.highlight('a')).toBeNull();
    expect(grid.rows.get('a')?.lastTransition).toMatchObject({ from: 'SYN_SENT', to: 'ESTABLISHED' });
  });

  it('an owner change is yellow and moves the row to the new process', () => {
    refresh(ownerChanged(1, 'a', { state: 'SYN_SENT', pid: 200, processName: 'nginx' }));
    expect(grid.highlight('a')).toBe('changed');
    expect(grid.rows.get('a')?.row.processName).toBe('nginx');
    expect(sync.connectionsOf(100)).toEqual([]);
    expect(sync.connectionsOf(200).map((r) => r.id)).toEqual(['a']);
  });

  it('a second change restarts the fade', () => {
    refresh(stateChanged(1, 'a', 'SYN_SENT', 'ESTABLISHED'));
    refresh(stateChanged(2, 'a', 'ESTABLISHED', 'FIN_WAIT_1'));
    refresh();
    expect(grid.highlight('a')).toBe('changed');
    refresh();
    expect(grid.highlight('a')).toBeNull();
  });

  it('a row opened and closed before its green faded is removed two refreshes after closing', () => {
    refresh(opened(1, 'n'));
    refresh(closed(2, 'n'));
    expect(grid.highlight('n')).toBe('closed');
    refresh();
    expect(grid.rows.has('n')).toBe(true);
    refresh();
    expect(grid.rows.has('n')).toBe(false);
  });

  it('keeps fading while a resync is pending', () => {
    refresh(opened(1, 'n'));
    refresh(opened(5, 'gap'));
    refresh();
    expect(grid.highlight('n')).toBeNull();
  });
});

describe('counts and per-process view', () => {
  it('tracks counts by state through opens, changes and closes', () => {
    snap(0, [tracked('l1', { state: 'LISTEN' }), tracked('l2', { state: 'LISTEN' }), tracked('e1')]);
    expect(formatStateCounts(sync.counts())).toBe('LISTEN 2 · ESTABLISHED 1');
    refresh(
      opened(1, 's', { state: 'SYN_SENT' }),
      stateChanged(2, 'e1', 'ESTABLISHED', 'TIME_WAIT', { pid: null }),
      closed(3, 'l2'),
    );
    expect(formatStateCounts(sync.counts())).toBe('LISTEN 1 · SYN_SENT 1 · TIME_WAIT 1');
    expect(sync.counts().total).toBe(3);
  });

  it('lists a process’s live connections and reports which processes a refresh touched', () => {
    snap(0, [tracked('a', { pid: 1 }), tracked('b', { pid: 2 }), tracked('c', { pid: 1 })]);
    const outcome = refresh(closed(1, 'c', { pid: 1 }), opened(2, 'd', { pid: 3 }));
    expect(sync.connectionsOf(1).map((r) => r.id)).toEqual(['a']);
    expect([...outcome.touchedPids].sort()).toEqual([1, 3]);
  });

  it('takes a snapshot of another epoch (a restarted monitor) as a new table, not as changes', () => {
    snap(0, [tracked('c1', { localPort: 1 }), tracked('c2', { localPort: 2 })]);
    refresh(opened(1, 'c3'));
    // The restarted monitor numbers from 1 again and reuses ids for other connections.
    grid.apply(sync.applySnapshot(snapshot(0, [tracked('c1', { localPort: 7 }), tracked('c9')], 'monitor-2')));
    expect([...grid.rows.keys()].sort()).toEqual(['c1', 'c9']);
    expect(grid.rows.get('c1')?.row.localPort).toBe(7);
    expect(grid.highlight('c1')).toBeNull();
    expect(grid.highlight('c9')).toBeNull();
    // and follows the new numbering from there
    refresh(opened(1, 'c10'));
    expect(grid.highlight('c10')).toBe('new');
  });

  it('updates byte counters from a snapshot without highlighting the row', () => {
    snap(0, [tracked('a', { bytesSent: 10 })]);
    snap(0, [tracked('a', { bytesSent: 5000 })]);
    expect(grid.rows.get('a')?.row.bytesSent).toBe(5000);
    expect(grid.highlight('a')).toBeNull();
  });

  it('applies live byte/RTT counters without highlighting, and only to live rows', () => {
    snap(0, [tracked('a'), tracked('b')]);
    refresh(stateChanged(1, 'a', 'ESTABLISHED', 'FIN_WAIT_1'));
    const metrics = [
      { id: 'a', bytesSent: 2048, bytesReceived: 10, rttMs: 0.05 },
      { id: 'b', bytesSent: 1, bytesReceived: 2, rttMs: 3 },
      { id: 'unknown', bytesSent: 1, bytesReceived: 1, rttMs: 1 },
    ];
    const outcome = grid.apply(sync.applyEvents(eventsWithMetrics([], metrics)));
    expect(outcome.transaction?.update.map((row) => row.id).sort()).toEqual(['a', 'b']);
    expect(grid.rows.get('a')?.row).toMatchObject({ bytesSent: 2048, state: 'FIN_WAIT_1' });
    expect(grid.highlight('a')).toBe('changed');
    expect(grid.highlight('b')).toBeNull();
  });

  it('replaces a row whose other details changed (offload state, module), quietly and keeping its highlight', () => {
    snap(0, [tracked('a', { offloadState: 'InHost' }), tracked('b')]);
    refresh(stateChanged(1, 'a', 'ESTABLISHED', 'CLOSE_WAIT'));
    const changedA = tcpRow({ state: 'CLOSE_WAIT', offloadState: 'Offloaded', module: 'svchost (Dnscache)' });
    const message = {
      ...eventsWithMetrics([], []),
      updates: [
        { id: 'a', connection: changedA },
        { id: 'gone', connection: tcpRow() },
      ],
    };
    const outcome = grid.apply(sync.applyEvents(message));
    expect(outcome.transaction?.update.map((row) => row.id)).toEqual(['a']);
    expect(grid.rows.get('a')?.row).toMatchObject({ offloadState: 'Offloaded', module: 'svchost (Dnscache)' });
    expect(grid.highlight('a')).toBe('changed');
  });

  it('ignores counters in a batch with a gap (they belong to a table it has not got)', () => {
    snap(0, [tracked('a', { bytesSent: 1 })]);
    grid.apply(sync.applyEvents(eventsWithMetrics([opened(3, 'x')], [{ id: 'a', bytesSent: 99, bytesReceived: 0, rttMs: 1 }])));
    expect(grid.rows.get('a')?.row.bytesSent).toBe(1);
  });
});

describe('owners the row no longer has, or that are hidden', () => {
  beforeEach(() => {
    sync = new ConnectionSync();
    grid = new FakeGrid();
  });

  it('carries the last owner into TIME_WAIT and into the closed row', () => {
    snap(1, [tracked('a', { pid: 7, processName: 'nginx', state: 'FIN_WAIT_2' })]);
    refresh(stateChanged(2, 'a', 'FIN_WAIT_2', 'TIME_WAIT', { pid: null, processName: null }));
    expect(grid.rows.get('a')?.lastOwner).toEqual({ pid: 7, processName: 'nginx' });
    refresh(closed(3, 'a', { pid: null, processName: null, state: 'TIME_WAIT' }));
    expect(grid.rows.get('a')?.lastOwner).toEqual({ pid: 7, processName: 'nginx' });
  });

  it('takes the last owner a snapshot names, and drops it once the row has an owner again', () => {
    snap(1, [
      { ...tracked('a', { pid: null, processName: null, state: 'TIME_WAIT' }), lastOwner: { pid: 9, processName: 'curl' } },
    ]);
    expect(grid.rows.get('a')?.lastOwner).toEqual({ pid: 9, processName: 'curl' });
    refresh(ownerChanged(2, 'a', { pid: 10, processName: 'wget', state: 'TIME_WAIT' }));
    expect(grid.rows.get('a')?.lastOwner).toBeNull();
  });

  it('counts live connections whose owner is hidden', () => {
    snap(1, [tracked('a', { pid: null, ownerHidden: true }), tracked('b', { pid: null, ownerHidden: true }), tracked('c')]);
    expect(sync.counts().ownersHidden).toBe(2);
    refresh(closed(2, 'a', { pid: null, ownerHidden: true }));
    expect(sync.counts().ownersHidden).toBe(1);
  });
});

describe('a snapshot in parts', () => {
  /** The messages a transport delivers for `message`, its rows `perPart` a message. */
  const parts = (message: SnapshotMessage, perPart: number) => {
    const [head, ...rest] = encodeSnapshot(message, perPart);
    return { head: decodeSnapshotHead(head), rest: rest.map(decodeSnapshotRows) };
  };
  const ids = () => [...grid.rows.keys()];

  it('shows a new table’s first rows at once, the rest when they are in, and is whole after the last part', () => {
    const { head, rest } = parts(
      snapshot(
        4,
        ['a', 'b', 'c', 'd', 'e'].map((id) => tracked(id)),
      ),
      2,
    );
    grid.apply(sync.applySnapshot(head));
    expect(ids()).toEqual(['a', 'b']);
    expect(sync.loadingTable).toBe(true);
    expect(grid.apply(sync.applySnapshotRows(rest[0])).transaction).toBeNull(); // held for a bigger transaction
    // A grid that mounts now gets what the grid was given; the held rows come with their transaction.
    expect(sync.allRows().map((r) => r.id)).toEqual(['a', 'b']);
    grid.apply(sync.applySnapshotRows(rest[1]));
    expect(ids()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sync.loadingTable).toBe(false);
    expect(sync.counts().total).toBe(5);
    expect([...grid.rows.values()].every((r) => r.highlight === null)).toBe(true);
    refresh(opened(5, 'f'));
    expect(grid.highlight('f')).toBe('new');
  });

  it(`gives a big new table to the grid ${GRID_ROWS_PER_TRANSACTION} rows a transaction, not one per part`, () => {
    const count = GRID_ROWS_PER_TRANSACTION + 15_000;
    const { head, rest } = parts(
      snapshot(
        4,
        Array.from({ length: count }, (_, i) => tracked(`r${i}`)),
      ),
      10_000,
    );
    const sizes = [grid.apply(sync.applySnapshot(head)).replaceAll?.length];
    for (const part of rest) sizes.push(grid.apply(sync.applySnapshotRows(part)).transaction?.add.length);
    expect(sizes.filter((n) => n !== undefined)).toEqual([10_000, GRID_ROWS_PER_TRANSACTION, 5_000]);
    expect(grid.rows.size).toBe(count);
  });

  it('compares a resync only once all its rows are in, so rows still to come are not shown as closed', () => {
    snap(1, [tracked('a'), tracked('b'), tracked('c')]);
    const { head, rest } = parts(snapshot(3, [tracked('a'), tracked('c'), tracked('d')]), 2);
    expect(grid.apply(sync.applySnapshot(head)).transaction).toBeNull();
    expect(grid.highlight('c')).toBeNull();
    grid.apply(sync.applySnapshotRows(rest[0]));
    expect([grid.highlight('a'), grid.highlight('b'), grid.highlight('c'), grid.highlight('d')]).toEqual([
      null,
      'closed',
      null,
      'new',
    ]);
  });

  it('ignores rows of another snapshot, and resyncs when events come before the last rows', () => {
    const { head, rest } = parts(
      snapshot(
        4,
        ['a', 'b', 'c'].map((id) => tracked(id)),
      ),
      2,
    );
    grid.apply(sync.applySnapshot(head));
    expect(sync.applySnapshotRows({ ...rest[0], seq: 9 }).transaction).toBeNull();
    expect(refresh(opened(5, 'x')).needsSnapshot).toBe(true);
    expect(sync.loadingTable).toBe(false);
    expect(sync.applySnapshotRows(rest[0]).transaction).toBeNull(); // too late: a fresh snapshot is on its way
  });
});
