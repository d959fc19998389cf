import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import { Differ } from './differ';
import { row } from '../common/testing/test-rows';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';
const T2 = '2026-01-01T00:00:02.000Z';
const T = (s: number): string => `2026-01-01T00:00:0${s}.000Z`;

const summary = (events: ConnectionEvent[]) =>
  events.map((e) => [e.seq, e.type, e.connection.localPort, e.from, e.to].filter((x) => x !== undefined));

describe('Differ', () => {
  it('treats the first snapshot as the starting table, not as events', () => {
    const d = new Differ();
    const { events } = d.apply([row(), row({ localPort: 40001, inode: 1001 })], T0);
    expect(events).toEqual([]);
    expect(d.size).toBe(2);
    expect(d.lastSeq).toBe(0);
    expect(d.connections().every((c) => c.firstSeenAt === T0)).toBe(true);
  });

  it('hands out connections with exactly the contract fields: its bookkeeping never reaches a client', () => {
    const d = new Differ();
    d.apply([row()], T0);
    expect(Object.keys(JSON.parse(JSON.stringify(d.connections()[0])) as object).sort()).toEqual([
      'firstSeenAt',
      'id',
      'lastTransition',
      'row',
    ]);
  });

  it('reports a new connection as opened and a vanished one as closed with its last row', () => {
    const d = new Differ();
    d.apply([row()], T0);
    const firstId = d.connections()[0].id;
    const a = d.apply([row(), row({ localPort: 40001, inode: 1001 })], T1);
    expect(summary(a.events)).toEqual([[1, 'opened', 40001]]);
    const b = d.apply([row({ localPort: 40001, inode: 1001 })], T2);
    expect(summary(b.events)).toEqual([[2, 'closed', 40000]]);
    expect(b.events[0].connection.state).toBe('ESTABLISHED');
    expect(b.events[0].id).toBe(firstId);
    expect(d.connections().map((c) => c.id)).toEqual([a.events[0].id]);
  });

  it('reports a state change with from/to and records the transition', () => {
    const d = new Differ();
    d.apply([row({ state: 'SYN_SENT' })], T0);
    const { events } = d.apply([row({ state: 'ESTABLISHED' })], T1);
    expect(summary(events)).toEqual([[1, 'state-changed', 40000, 'SYN_SENT', 'ESTABLISHED']]);
    expect(d.connections()[0].lastTransition).toEqual({ from: 'SYN_SENT', to: 'ESTABLISHED', at: T1 });
  });

  it('keeps one connection through TIME_WAIT although its inode and pid drop to 0 / null', () => {
    const d = new Differ();
    d.apply([row({ state: 'FIN_WAIT_2' })], T0);
    const id = d.connections()[0].id;
    const { events } = d.apply([row({ state: 'TIME_WAIT', inode: 0, pid: null, processName: null })], T1);
    expect(summary(events)).toEqual([[1, 'state-changed', 40000, 'FIN_WAIT_2', 'TIME_WAIT']]);
    expect(events[0].id).toBe(id);
    expect(events[0].connection.pid).toBeNull();
    // The owner it had is remembered, for a UI to show greyed.
    expect(d.connections()[0].lastOwner).toEqual({ pid: 100, processName: 'client' });
  });

  it('reports an owner change when the pid changes in the same state', () => {
    const d = new Differ();
    d.apply([row({ pid: null, processName: null })], T0);
    const { events } = d.apply([row({ pid: 200, processName: 'server' })], T1);
    expect(summary(events)).toEqual([[1, 'owner-changed', 40000]]);
    expect(events[0].connection.pid).toBe(200);
  });

  it('sees a socket replaced between polls (same 4-tuple, new inode) as closed + opened', () => {
    const d = new Differ();
    d.apply([row({ inode: 1 })], T0);
    const { events } = d.apply([row({ inode: 2 })], T1);
    expect(events.map((e) => e.type).sort()).toEqual(['closed', 'opened']);
  });

  it('keeps duplicate identities (SO_REUSEPORT listeners) apart by inode, never merging them', () => {
    const listener = (inode: number, pid: number) =>
      row({ state: 'LISTEN', localPort: 80, remoteAddress: '0.0.0.0', remotePort: 0, inode, pid });
    const d = new Differ();
    d.apply([listener(1, 10), listener(2, 11), listener(3, 12)], T0);
    expect(d.size).toBe(3);
    // Order changes, one of them closes: exactly that one is reported.
    const { events } = d.apply([listener(3, 12), listener(1, 10)], T1);
    expect(summary(events)).toEqual([[1, 'closed', 80]]);
    expect(events[0].connection.inode).toBe(2);
    const again = d.apply([listener(3, 12), listener(1, 10), listener(4, 13)], T2);
    expect(again.events.map((e) => [e.type, e.connection.inode])).toEqual([['opened', 4]]);
  });

  it('tells duplicates apart by pid where there is no inode (Windows)', () => {
    const listener = (pid: number) =>
      row({ state: 'LISTEN', localPort: 80, remoteAddress: '0.0.0.0', remotePort: 0, inode: undefined, pid });
    const d = new Differ();
    d.apply([listener(10), listener(11)], T0);
    const { events } = d.apply([listener(11)], T1);
    expect(events.map((e) => [e.type, e.connection.pid])).toEqual([['closed', 10]]);
  });

  it('opens what comes after everything had closed, numbering on', () => {
    const d = new Differ();
    d.apply([row()], T0);
    expect(summary(d.apply([], T1).events)).toEqual([[1, 'closed', 40000]]);
    expect(d.size).toBe(0);
    expect(summary(d.apply([row({ localPort: 40002, inode: 1002 })], T2).events)).toEqual([[2, 'opened', 40002]]);
  });

  it('numbers events gaplessly across batches', () => {
    const d = new Differ();
    d.apply([], T0);
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const rows = Array.from({ length: i + 1 }, (_, j) => row({ localPort: 1000 + j, inode: 1000 + j }));
      seqs.push(...d.apply(rows, T1).events.map((e) => e.seq));
    }
    seqs.push(...d.apply([], T2).events.map((e) => e.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(d.lastSeq).toBe(seqs.length);
  });

  it('sends other changed details (offload state, module) as a whole-row update, not an event', () => {
    const d = new Differ();
    d.apply([row({ inode: undefined, offloadState: 'InHost', module: null })], T0);
    const { events, updates, metrics } = d.apply(
      [row({ inode: undefined, offloadState: 'Offloaded', module: 'svchost (Dnscache)' })],
      T1,
    );
    expect(events).toEqual([]);
    expect(metrics).toEqual([]);
    expect(updates).toEqual([
      {
        id: d.connections()[0].id,
        connection: expect.objectContaining({ offloadState: 'Offloaded', module: 'svchost (Dnscache)' }),
      },
    ]);
  });

  it('reports moved counters as metrics, not events', () => {
    const d = new Differ();
    d.apply([row({ bytesSent: 1, bytesReceived: 2, rttMs: 0.1 })], T0);
    const { events, metrics } = d.apply([row({ bytesSent: 10, bytesReceived: 2, rttMs: 0.1 })], T1);
    expect(events).toEqual([]);
    expect(metrics).toEqual([{ id: d.connections()[0].id, bytesSent: 10, bytesReceived: 2, rttMs: 0.1 }]);
    expect(d.apply([row({ bytesSent: 10, bytesReceived: 2, rttMs: 0.1 })], T2).metrics).toEqual([]);
  });

  describe('when a source hands back the same row objects for unchanged connections', () => {
    it('reports nothing for them, and still sees the one that changed', () => {
      const a = row({ localPort: 1, inode: 1 });
      const b = row({ localPort: 2, inode: 2, state: 'SYN_SENT' });
      const d = new Differ();
      d.apply([a, b], T0);
      expect(d.apply([a, b], T1).events).toEqual([]);
      const b2 = { ...b, state: 'ESTABLISHED' as const };
      const { events } = d.apply([a, b2], T2);
      expect(summary(events)).toEqual([[1, 'state-changed', 2, 'SYN_SENT', 'ESTABLISHED']]);
      expect(d.connections().find((c) => c.row.localPort === 2)?.row).toBe(b2);
      // b is gone from the index: reusing the old object now is a different row object again.
      expect(d.apply([a, b2], T2).events).toEqual([]);
    });

    it('closes what is missing and opens what is new among reused rows', () => {
      const a = row({ localPort: 1, inode: 1 });
      const b = row({ localPort: 2, inode: 2 });
      const c = row({ localPort: 3, inode: 3 });
      const d = new Differ();
      d.apply([a, b], T0);
      const { events } = d.apply([a, c], T1);
      expect(events.map((e) => [e.type, e.connection.localPort]).sort()).toEqual([
        ['closed', 2],
        ['opened', 3],
      ]);
      expect(d.size).toBe(2);
    });

    it('says the same of an unchanged table as of its copy, however many polls it stays unchanged', () => {
      const a = row({ localPort: 1, inode: 1, cookie: 1 });
      const b = row({ localPort: 2, inode: 2, cookie: 2, bytesSent: 5 });
      const reused = new Differ();
      const copied = new Differ();
      const polls = [[a, b], [a, b], [a, b], [a, { ...b, bytesSent: 9 }], [a], [a]];
      polls.forEach((rows, i) => {
        const r = reused.apply(i > 0 && i < 3 ? rows : rows.slice(), T(i));
        const c = copied.apply(
          rows.map((x) => ({ ...x })),
          T(i),
        );
        expect({ ...r, metrics: r.metrics.map((m) => m.bytesSent) }).toEqual({
          ...c,
          metrics: c.metrics.map((m) => m.bytesSent),
        });
      });
      expect(reused.connections().map((c) => c.row)).toEqual([a]);
      expect(reused.lastSeq).toBe(1); // the close of b
    });

    it('diffs rows that come back in another order in full, and finds nothing changed', () => {
      const a = row({ localPort: 1, inode: 1 });
      const b = row({ localPort: 2, inode: 2 });
      const d = new Differ();
      d.apply([a, b], T(0));
      expect(d.apply([b, a], T(1)).events).toEqual([]);
      expect(d.size).toBe(2);
      expect(d.apply([b, a], T(2)).events).toEqual([]);
      expect(summary(d.apply([b], T(3)).events)).toEqual([[1, 'closed', 1]]);
    });

    it('keeps reused duplicates apart from a new one with the same identity', () => {
      const listener = (inode: number) => row({ state: 'LISTEN', localPort: 80, remoteAddress: '0.0.0.0', remotePort: 0, inode });
      const one = listener(1);
      const two = listener(2);
      const d = new Differ();
      d.apply([one, two], T0);
      const { events } = d.apply([one, two, listener(3)], T1);
      expect(events.map((e) => [e.type, e.connection.inode])).toEqual([['opened', 3]]);
      const closing = d.apply([two, listener(3)], T2);
      expect(closing.events.map((e) => [e.type, e.connection.inode])).toEqual([['closed', 1]]);
      expect(d.size).toBe(2);
    });
  });
});
