import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataSource, TcpRow } from '../common/types';
import type { EventsMessage, HostName, MonitorStatus } from '../common/contract/messages';
import { Monitor } from './monitor';
import { row } from '../common/testing/test-rows';

/** A data source whose table and failures the test controls. */
function scriptedSource() {
  const state = { rows: [] as TcpRow[], failWith: null as string | null, calls: 0 };
  const source: DataSource = {
    kind: 'proc',
    description: 'scripted',
    snapshot: async () => {
      state.calls++;
      if (state.failWith) throw new Error(`${state.failWith}\n    at someStackFrame (x.js:1:1)`);
      return state.rows;
    },
    processInfo: async () => null,
  };
  return { source, state };
}

describe('Monitor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports a failing poll in its status, keeps polling with backoff, and recovers without losing events', async () => {
    const { source, state } = scriptedSource();
    const batches: EventsMessage[] = [];
    const statuses: MonitorStatus[] = [];
    const monitor = new Monitor(
      source,
      { events: (m) => batches.push(m), status: (s) => statuses.push(s) },
      { intervalMs: 1000 },
    );
    state.rows = [row({ localPort: 1, inode: 1 })];
    monitor.start();
    await vi.advanceTimersByTimeAsync(10);
    const firstGood = monitor.status().lastGoodPollAt;
    expect(firstGood).not.toBeNull();

    state.failWith = 'cannot read /proc/net/tcp: EACCES';
    await vi.advanceTimersByTimeAsync(1000);
    const failed = statuses.at(-1);
    // One line, no stack; the time of the last good poll is kept for the banner.
    expect(failed?.error?.message).toBe('cannot read /proc/net/tcp: EACCES');
    expect(failed?.lastGoodPollAt).toBe(firstGood);

    // Meanwhile a connection opens; polls keep failing for a while (with growing gaps).
    state.rows = [row({ localPort: 1, inode: 1 }), row({ localPort: 2, inode: 2 })];
    const callsAtFailure = state.calls;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(state.calls - callsAtFailure).toBeLessThanOrEqual(3); // 2 s, 4 s: backing off, not hammering

    state.failWith = null;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(monitor.status().error).toBeNull();
    const opened = batches.flatMap((b) => b.events).filter((e) => e.type === 'opened');
    expect(opened.map((e) => e.connection.localPort)).toEqual([2]);
    expect(opened[0].seq).toBe(1);
    monitor.stop();
  });

  it('keeps the history per process for the drill-down', async () => {
    const { source, state } = scriptedSource();
    const monitor = new Monitor(source);
    await monitor.pollOnce();
    state.rows = [row({ localPort: 1, inode: 1, pid: 7 }), row({ localPort: 2, inode: 2, pid: 8 })];
    await monitor.pollOnce();
    state.rows = [row({ localPort: 1, inode: 1, pid: 7, state: 'CLOSE_WAIT' })];
    await monitor.pollOnce();
    expect(monitor.history({ pid: 7, limit: 10 }).map((e) => e.type)).toEqual(['opened', 'state-changed']);
    expect(monitor.history({ pid: 8, limit: 10 }).map((e) => e.type)).toEqual(['opened', 'closed']);
    // The process lets go (TIME_WAIT has no owner), then the connection goes: still its story.
    state.rows = [row({ localPort: 1, inode: 0, pid: null, processName: null, state: 'TIME_WAIT' })];
    await monitor.pollOnce();
    state.rows = [];
    await monitor.pollOnce();
    expect(monitor.history({ pid: 7, limit: 10 }).map((e) => e.type)).toEqual([
      'opened',
      'state-changed',
      'state-changed',
      'closed',
    ]);
  });

  it('waits for its first poll before giving out a snapshot-worthy table', async () => {
    const { source, state } = scriptedSource();
    state.rows = [row()];
    const monitor = new Monitor(source);
    expect(monitor.hasTable).toBe(false);
    const ready = monitor.firstPoll.then(() => monitor.snapshot().connections.length);
    monitor.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(await ready).toBe(1);
    monitor.stop();
  });

  it('polls now when paused (F5): the change shows, the monitor stays paused, and the answer comes after the events', async () => {
    const { source, state } = scriptedSource();
    const order: string[] = [];
    const monitor = new Monitor(source, { events: (m) => order.push(`events ${m.events.length}`) }, { intervalMs: 1000 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(10);
    monitor.pause();
    state.rows = [row({ localPort: 9, inode: 9 })];
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(['events 0']); // paused: the new row is not seen
    const status = await monitor.pollNow();
    order.push('answered');
    expect(order).toEqual(['events 0', 'events 1', 'answered']);
    expect(status.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toHaveLength(3);
    monitor.stop();
  });
});

describe('Monitor with names', () => {
  it('never holds a poll for a name, and sends names apart from the rows once they come', async () => {
    const { source, state } = scriptedSource();
    const answers = new Map<string, (host: string | null) => void>();
    const batches: HostName[][] = [];
    const polls: EventsMessage[] = [];
    const monitor = new Monitor(
      source,
      { events: (m) => polls.push(m), names: (names) => batches.push(names) },
      {
        resolveNames: true,
        names: { batchIntervalMs: 0, lookup: (address) => new Promise((resolve) => answers.set(address, resolve)) },
      },
    );
    state.rows = [row({ remoteAddress: '10.0.0.9' })];
    await monitor.pollOnce();
    state.rows = [...state.rows, row({ localPort: 2, remoteAddress: '10.0.0.8' })];
    await monitor.pollOnce(); // its lookups outstanding: the polls went on regardless
    expect(polls.map((p) => p.events.length)).toEqual([0, 1]);
    expect([...answers.keys()]).toEqual(['10.0.0.9', '10.0.0.8']);
    expect(monitor.snapshot().names).toEqual([{ address: '127.0.0.1', host: 'localhost' }]);

    answers.get('10.0.0.9')?.('db.example');
    await vi.waitFor(() => expect(batches.flat()).toContainEqual({ address: '10.0.0.9', host: 'db.example' }));
    expect(monitor.snapshot().names).toContainEqual({ address: '10.0.0.9', host: 'db.example' });
    expect(JSON.stringify(polls)).not.toContain('db.example');
    monitor.stop();
  });

  it('says in its status whether it resolves, and announces a change', async () => {
    const statuses: MonitorStatus[] = [];
    const monitor = new Monitor(scriptedSource().source, { status: (s) => statuses.push(s) }, { resolveNames: true });
    expect(monitor.status().resolveNames).toBe(true);
    expect(monitor.setResolveNames(false).resolveNames).toBe(false);
    expect(statuses.map((s) => s.resolveNames)).toEqual([false]);
    expect(new Monitor(scriptedSource().source).status().resolveNames).toBe(false);
  });
});
