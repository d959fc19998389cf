import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataSource, TcpRow } from '../common/types';
import type { EventsMessage, HostName, MonitorStatus } from '../common/contract/messages';
import { Monitor } from './monitor';
import { row } from '../common/testing/test-rows';
import { ActionError } from '../common/errors';

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

  it('polls now between ticks (F5): the change shows, and the answer comes after the events', async () => {
    const { source, state } = scriptedSource();
    const order: string[] = [];
    const monitor = new Monitor(source, { events: (m) => order.push(`events ${m.events.length}`) }, { intervalMs: 10_000 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(10);
    state.rows = [row({ localPort: 9, inode: 9 })];
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(['events 0']); // the next tick is 10 s away: the new row is not seen yet
    await monitor.pollNow();
    order.push('answered');
    expect(order).toEqual(['events 0', 'events 1', 'answered']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toHaveLength(3);
    monitor.stop();
  });
});

/** A scripted source that can close connections, doing what the test says the OS does. */
function closingSource(os: 'closes' | 'does nothing' | 'refuses') {
  const { source, state } = scriptedSource();
  const asked: TcpRow[] = [];
  source.closeRefusal = (family) => (family === 'ipv6' ? 'Windows cannot close IPv6 connections' : null);
  source.closeConnection = async (target) => {
    asked.push(target);
    if (os === 'refuses') throw new ActionError('needs administrator rights (CAP_NET_ADMIN)');
    if (os === 'closes') state.rows = state.rows.filter((r) => r !== target);
  };
  return { source, state, asked };
}

describe('a poll that never returns', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is reported stuck, with where, after its deadline; the monitor goes on answering; the table comes once the read returns', async () => {
    let release: (rows: TcpRow[]) => void = () => undefined;
    const source: DataSource = {
      kind: 'proc',
      description: 'stuck',
      snapshot: () => new Promise<TcpRow[]>((resolve) => (release = resolve)),
      processInfo: async () => null,
    };
    const statuses: MonitorStatus[] = [];
    const monitor = new Monitor(
      source,
      { status: (s) => statuses.push(s) },
      { pollDeadlineMs: 5000, activity: () => 'reading /x/net/tcp' },
    );
    monitor.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(statuses.at(-1)?.error?.message).toBe('poll stuck for 5 s reading /x/net/tcp');
    // The first poll has been tried: a snapshot can be served (empty), requests are answered.
    await monitor.firstPoll;
    expect(monitor.snapshot().connections).toEqual([]);
    expect(monitor.status().source).toBe('proc');
    release([row()]);
    monitor.stop();
  });
});

describe('Monitor.closeConnection', () => {
  async function started(
    os: 'closes' | 'does nothing' | 'refuses',
    rows = [row({ localPort: 1, inode: 1 }), row({ localPort: 2, inode: 2 })],
  ) {
    const { source, state, asked } = closingSource(os);
    const batches: EventsMessage[] = [];
    const monitor = new Monitor(source, { events: (m) => batches.push(m) });
    state.rows = rows;
    await monitor.pollOnce();
    const id = (port: number) => monitor.snapshot().connections.find((c) => c.row.localPort === port)!.id;
    return { monitor, state, asked, batches, id };
  }

  it('asks the source to close the very row, re-reads the table, and answers once the closed event is out', async () => {
    const { monitor, asked, batches, id } = await started('closes');
    const target = id(1);
    await expect(monitor.closeConnection(target)).resolves.toEqual({ closed: true });
    expect(asked.map((r) => r.localPort)).toEqual([1]);
    expect(batches.at(-1)?.events).toMatchObject([{ type: 'closed', id: target, connection: { localPort: 1 } }]);
    expect(monitor.snapshot().connections.map((c) => c.row.localPort)).toEqual([2]);
  });

  it('reports a connection still in the table after the OS accepted the request as still open, never as closed', async () => {
    const { monitor, asked, batches, id } = await started('does nothing');
    const polls = batches.length;
    await expect(monitor.closeConnection(id(1))).rejects.toThrow(
      new ActionError('the OS accepted the request but the connection is still open'),
    );
    expect(asked).toHaveLength(1);
    expect(batches.length).toBe(polls + 1); // the table was read again
    expect(monitor.snapshot().connections).toHaveLength(2);
  });

  it('passes on the OS’s refusal as it is', async () => {
    const { monitor, id } = await started('refuses');
    await expect(monitor.closeConnection(id(2))).rejects.toThrow(new ActionError('needs administrator rights (CAP_NET_ADMIN)'));
  });

  it('refuses a family the source cannot close with the source’s reason, without asking it', async () => {
    const { monitor, asked, id } = await started('closes', [row({ family: 'ipv6', localAddress: '::1', remoteAddress: '::1' })]);
    expect(monitor.status().closeRefusal).toEqual({ ipv4: null, ipv6: 'Windows cannot close IPv6 connections' });
    await expect(monitor.closeConnection(id(40000))).rejects.toThrow(new ActionError('Windows cannot close IPv6 connections'));
    expect(asked).toEqual([]);
  });

  it('refuses an id it does not track (closed meanwhile, or never seen)', async () => {
    const { monitor, asked } = await started('closes');
    await expect(monitor.closeConnection('c999')).rejects.toThrow(
      new ActionError('no such connection (it may have closed already)'),
    );
    expect(asked).toEqual([]);
  });

  it('says the close is unconfirmed when the table cannot be read again', async () => {
    const { monitor, state, id } = await started('closes');
    const target = id(1);
    state.failWith = 'cannot read /proc/net/tcp: EACCES';
    await expect(monitor.closeConnection(target)).rejects.toThrow(
      'the OS accepted the request, but the table cannot be read again: cannot read /proc/net/tcp: EACCES',
    );
  });

  it('says so, in the status and on a request, where the source cannot close connections at all', async () => {
    const { source, state } = scriptedSource();
    const monitor = new Monitor(source);
    state.rows = [row()];
    await monitor.pollOnce();
    const reason = 'this data source (scripted) cannot close connections';
    expect(monitor.status().closeRefusal).toEqual({ ipv4: reason, ipv6: reason });
    await expect(monitor.closeConnection(monitor.snapshot().connections[0].id)).rejects.toThrow(new ActionError(reason));
  });
});

describe('Monitor.endProcess', () => {
  it('refuses to end Sockscope itself, and sends it nothing', async () => {
    const { source } = scriptedSource();
    const monitor = new Monitor(source);
    const terms: string[] = [];
    const onTerm = () => terms.push('SIGTERM');
    process.on('SIGTERM', onTerm);
    try {
      await expect(monitor.endProcess(process.pid, false)).rejects.toThrow(
        new ActionError(`pid ${process.pid} is Sockscope itself: Sockscope does not end it`),
      );
      await expect(monitor.endProcess(process.pid, true)).rejects.toThrow(ActionError);
      await new Promise((r) => setTimeout(r, 50));
      expect(terms).toEqual([]);
    } finally {
      process.off('SIGTERM', onTerm);
    }
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
