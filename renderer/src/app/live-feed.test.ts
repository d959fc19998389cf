import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  encodeJson,
  type EventsMessage,
  type Json,
  type MonitorStatus,
  type NamesMessage,
  type SnapshotMessage,
  type StatusMessage,
} from '../../../main/common/contract/messages';
import { encodeSnapshot, type SnapshotRowsWire, type SnapshotWire } from '../../../main/common/contract/snapshot-parts';
import type { TrackedConnection } from '../../../main/common/contract/events';
import type { SockscopeApi } from '../../../main/common/contract/requests';
import { Listeners } from '../api/listeners';
import type { GridTransaction } from '../sync/connection-sync';
import { createUiStore, type UiStore } from '../state/ui-store';
import { events, opened, snapshot, status, tracked } from '../sync/testing/test-fixtures';
import { LiveFeed } from './live-feed';

class FakeApi implements SockscopeApi {
  readonly snapshots = new Listeners<Json<SnapshotWire>>();
  readonly snapshotRows = new Listeners<Json<SnapshotRowsWire>>();
  readonly events = new Listeners<Json<EventsMessage>>();
  readonly statuses = new Listeners<Json<StatusMessage>>();
  readonly names = new Listeners<Json<NamesMessage>>();
  snapshotRequests = 0;
  setIntervalResult: Promise<MonitorStatus> | null = null;
  polls = 0;

  onSnapshot = (listener: (message: Json<SnapshotWire>) => void) => this.snapshots.add(listener);
  onSnapshotRows = (listener: (message: Json<SnapshotRowsWire>) => void) => this.snapshotRows.add(listener);
  onEvents = (listener: (message: Json<EventsMessage>) => void) => this.events.add(listener);
  onStatus = (listener: (message: Json<StatusMessage>) => void) => this.statuses.add(listener);
  onNames = (listener: (message: Json<NamesMessage>) => void) => this.names.add(listener);
  onMenuCommand = () => () => undefined;
  requestSnapshot = async () => {
    this.snapshotRequests += 1;
    return null;
  };
  setIntervalMs = ({ intervalMs }: { intervalMs: number }) => this.setIntervalResult ?? Promise.resolve(status({ intervalMs }));
  setResolveNames = async ({ resolve }: { resolve: boolean }) => status({ resolveNames: resolve });
  pollNow = async () => (this.polls++, status());
  getProcess = async () => null;
  getHistory = async () => [];
  getTimeline = async ({ since, until, buckets }: { since: string; until: string; buckets: number }) => ({
    since,
    until,
    bucketMs: (Date.parse(until) - Date.parse(since)) / buckets,
    counts: new Array<number>(buckets).fill(0),
    recordedSince: null,
  });
  tableAt: TrackedConnection[] = [];
  getTableAt = async ({ at }: { at: string }) => ({ at, connections: this.tableAt });
  getProcessConnections = async () => ({ connections: [] });
  getSession = async () => ({ actionsAllowed: true, actionsRefusal: null, elevation: null });
  restartElevated = async () => ({ started: true }) as const;
  closeConnection = async () => ({ closed: true }) as const;
  endProcess = async ({ pid }: { pid: number }) => ({ pid, exited: true });
}

let api: FakeApi;
let store: UiStore;
let feed: LiveFeed;
let transactions: GridTransaction[];
/** A grid sink that keeps what reaches it, a whole new table as one all-add transaction. */
const recording = (into: GridTransaction[]) => ({
  applyTransaction: (tx: GridTransaction) => void into.push(tx),
  replaceAll: (rows: GridTransaction['add']) => void into.push({ add: rows, update: [], remove: [] }),
});

beforeEach(() => {
  api = new FakeApi();
  store = createUiStore();
  feed = new LiveFeed(api, store);
  feed.start({ requestSnapshot: false });
  transactions = [];
  feed.attachGrid(recording(transactions));
});

const pushSnapshot = (message: SnapshotMessage) => {
  const [head, ...rows] = encodeSnapshot(message);
  api.snapshots.emit(head);
  for (const text of rows) api.snapshotRows.emit(text);
};
const pushEvents = (message: EventsMessage) => api.events.emit(encodeJson(message));

describe('LiveFeed', () => {
  it('feeds the snapshot to the grid and the counts and status to the store', () => {
    pushSnapshot(snapshot(1, [tracked('a', { state: 'LISTEN' }), tracked('b')]));
    expect(transactions).toHaveLength(1);
    expect(transactions[0]?.add.map((row) => row.id)).toEqual(['a', 'b']);
    expect(store.getState().counts).toEqual({ byState: { LISTEN: 1, ESTABLISHED: 1 }, total: 2, ownersHidden: 0 });
    expect(store.getState().status?.source).toBe('netlink');
  });

  it('feeds a snapshot that comes in parts to the grid part by part, counting what has come', () => {
    const [head, ...rest] = encodeSnapshot(
      snapshot(
        1,
        ['a', 'b', 'c'].map((id) => tracked(id)),
      ),
      2,
    );
    api.snapshots.emit(head);
    expect(store.getState().counts.total).toBe(2);
    for (const text of rest) api.snapshotRows.emit(text);
    expect(transactions.map((tx) => tx.add.map((row) => row.id))).toEqual([['a', 'b'], ['c']]);
    expect(store.getState().counts.total).toBe(3);
  });

  it('gives a grid that mounts late every row at once', () => {
    pushSnapshot(snapshot(1, [tracked('a'), tracked('b')]));
    const late: GridTransaction[] = [];
    feed.attachGrid(recording(late));
    expect(late.map((tx) => tx.add.length)).toEqual([2]);
  });

  it('requests one snapshot on a gap, not one per batch, and shows that it is resyncing', () => {
    pushSnapshot(snapshot(1, []));
    pushEvents(events(opened(5, 'x')));
    pushEvents(events(opened(6, 'y')));
    expect(api.snapshotRequests).toBe(1);
    expect(store.getState().resyncing).toBe(true);
    pushSnapshot(snapshot(6, [tracked('x'), tracked('y')]));
    expect(store.getState().resyncing).toBe(false);
    expect(store.getState().counts.total).toBe(2);
  });

  it('asks again if the requested snapshot never comes', () => {
    pushSnapshot(snapshot(1, []));
    for (let seq = 5; seq < 17; seq++) pushEvents(events(opened(seq, `c${seq}`)));
    expect(api.snapshotRequests).toBe(2);
  });

  it('waits for the snapshot the transport pushes on connect, though events come first, and asks only if it never comes', () => {
    for (let seq = 40; seq < 45; seq++) pushEvents(events(opened(seq, `a${seq}`)));
    expect(api.snapshotRequests).toBe(0); // a 100 000-row snapshot takes a while: no second one
    for (let seq = 45; seq < 55; seq++) pushEvents(events(opened(seq, `a${seq}`)));
    expect(api.snapshotRequests).toBe(1);
  });

  it('pause freezes this view only: events are let go, the monitor is not asked; resume catches up from a snapshot', () => {
    pushSnapshot(snapshot(1, [tracked('a')]));
    const before = transactions.length;
    feed.setPaused(true);
    expect(store.getState().viewPaused).toBe(true);
    pushEvents(events(opened(2, 'b')));
    expect(transactions.length).toBe(before); // frozen
    expect(feed.rowCount).toBe(1);
    expect(api.snapshotRequests).toBe(0);
    feed.setPaused(false);
    expect(api.snapshotRequests).toBe(1);
    pushSnapshot(snapshot(2, [tracked('a'), tracked('b')]));
    expect(feed.rowCount).toBe(2);
  });

  it('time travel shows the table at a picked moment, holds still, and Back to Live resyncs', async () => {
    pushSnapshot(snapshot(1, [tracked('now')]));
    api.tableAt = [tracked('then-1'), tracked('then-2')];
    await feed.viewAt('2026-12-01T10:00:00.000Z');
    expect(store.getState()).toMatchObject({ viewingAt: '2026-12-01T10:00:00.000Z', viewPaused: true });
    expect(feed.rowCount).toBe(2);
    expect(feed.row('then-1')?.highlight).toBeNull(); // a table, not changes
    pushEvents(events(opened(2, 'later')));
    expect(feed.rowCount).toBe(2);
    feed.setPaused(false);
    expect(store.getState()).toMatchObject({ viewingAt: null, viewPaused: false });
    expect(api.snapshotRequests).toBe(1);
    pushSnapshot(snapshot(2, [tracked('now'), tracked('later')]));
    expect([feed.row('now'), feed.row('then-1')].map(Boolean)).toEqual([true, false]);
  });

  it('refresh now on a paused view polls and takes that table, staying paused', async () => {
    pushSnapshot(snapshot(1, []));
    feed.setPaused(true);
    await feed.pollNow();
    expect([api.polls, api.snapshotRequests]).toEqual([1, 1]);
    expect(store.getState().viewPaused).toBe(true);
  });

  it('reports a failed request without losing the previous status', async () => {
    pushSnapshot(snapshot(1, []));
    const previous = store.getState().status;
    api.setIntervalResult = Promise.reject(new Error('monitor busy'));
    await feed.setIntervalMs(5000);
    expect(store.getState().actionError).toBe('Changing the refresh interval failed: monitor busy');
    expect(store.getState().status).toBe(previous);
    expect(store.getState().controlBusy).toBe(false);
  });

  it('shows a status-only message (e.g. a failed poll) in the store', () => {
    api.statuses.emit(encodeJson<StatusMessage>({ type: 'status', status: status({ error: { message: 'EPERM', at: 'x' } }) }));
    expect(store.getState().status?.error?.message).toBe('EPERM');
  });

  it('tells a process view when its connections changed', () => {
    const touched = vi.fn();
    feed.onRowsChanged(touched);
    pushSnapshot(snapshot(1, []));
    pushEvents(events(opened(2, 'a', { pid: 77 })));
    expect(touched).toHaveBeenCalledWith(new Set([77]));
    expect(feed.connectionsOf(77).map((row) => row.id)).toEqual(['a']);
  });
});

describe('LiveFeed names', () => {
  it('takes names from the snapshot, then from names messages, and shows them only while resolving', () => {
    pushSnapshot({
      ...snapshot(1, []),
      names: [{ address: '10.0.0.1', host: 'db.example' }],
      status: status({ resolveNames: true }),
    });
    expect(feed.names.hostName('10.0.0.1')).toBe('db.example');
    const version = store.getState().namesVersion;
    api.names.emit(encodeJson<NamesMessage>({ type: 'names', names: [{ address: 'fe80::1%3', host: 'printer.lan' }] }));
    expect(feed.names.hostName('fe80::1%3')).toBe('printer.lan');
    expect(store.getState().namesVersion).toBeGreaterThan(version);
    api.statuses.emit(encodeJson<StatusMessage>({ type: 'status', status: status({ resolveNames: false }) }));
    expect(store.getState().showNames).toBe(false);
    expect(feed.names.hostName('10.0.0.1')).toBeNull();
  });
});
