// The differ's join of the kernel's socket-destroy notifications (Linux) with the polled table.
import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import { Differ } from './differ';
import { row } from '../common/testing/test-rows';

const T = (s: number): string => `2026-01-01T00:00:0${s}.000Z`;
const closes = (events: ConnectionEvent[]): ConnectionEvent[] => events.filter((e) => e.type === 'closed');
/** What the kernel sends for a freed socket: state CLOSE, no owner, final counters. */
const destroy = (cookie: number, overrides: Parameters<typeof row>[0] = {}) =>
  row({ cookie, state: 'CLOSED', pid: null, processName: null, inode: 0, bytesSent: 500, bytesReceived: 700, ...overrides });

describe('Differ with socket-destroy notifications', () => {
  it('closes a tracked connection once, with its owner and final bytes, whether the destroy comes with the poll or one later', () => {
    for (const late of [false, true]) {
      const d = new Differ();
      d.apply([row({ cookie: 7, bytesSent: 1 })], T(0));
      const a = d.apply([], T(1), late ? [] : [destroy(7)]);
      const b = d.apply([], T(2), late ? [destroy(7)] : []);
      const all = [...closes(a.events), ...closes(b.events)];
      expect(all).toHaveLength(1);
      expect(all[0].connection).toMatchObject({ pid: 100, processName: 'client', state: 'ESTABLISHED' });
      if (!late) expect(all[0].connection).toMatchObject({ bytesSent: 500, bytesReceived: 700 });
      expect(all[0].connection.shortLived).toBeUndefined();
    }
  });

  it('reports a connection no poll saw as one closed event, short-lived, no owner, final bytes', () => {
    const d = new Differ();
    d.apply([row({ localPort: 1, cookie: 1 })], T(0));
    const { events } = d.apply([row({ localPort: 1, cookie: 1 })], T(1), [destroy(9, { localPort: 5555 })]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'closed',
      connection: { localPort: 5555, shortLived: true, pid: null, bytesSent: 500, bytesReceived: 700 },
    });
    expect(d.size).toBe(1); // nothing left in the table for it
    expect(closes(d.apply([row({ localPort: 1, cookie: 1 })], T(2), [destroy(9, { localPort: 5555 })]).events)).toHaveLength(0);
  });

  it('takes a socket freed on entering TIME_WAIT for the transition, not a close', () => {
    const d = new Differ();
    d.apply([row({ cookie: 7 })], T(0));
    // Tracked: the TIME_WAIT entry keeps the socket's cookie.
    const a = d.apply([row({ cookie: 7, state: 'TIME_WAIT', pid: null, processName: null, inode: 0 })], T(1), [destroy(7)]);
    expect(a.events.map((e) => [e.type, e.to])).toEqual([['state-changed', 'TIME_WAIT']]);
    // The entry has no counters; the transition carries the socket's last ones, from its destroy.
    expect(a.events[0].connection).toMatchObject({ state: 'TIME_WAIT', bytesSent: 500, bytesReceived: 700 });
    // Never polled: its TIME_WAIT entry has a cookie of its own, but the 4-tuple is the same; a late destroy too.
    const tw = row({ localPort: 6000, cookie: 20, state: 'TIME_WAIT', pid: null, processName: null, inode: 0 });
    const b = d.apply([row({ cookie: 7, state: 'TIME_WAIT', pid: null, processName: null, inode: 0 }), tw], T(2), [
      destroy(19, { localPort: 6000 }),
    ]);
    expect(b.events.map((e) => [e.type, e.connection.localPort])).toEqual([['opened', 6000]]);
    const c = d.apply([row({ cookie: 7, state: 'TIME_WAIT', pid: null, processName: null, inode: 0 }), tw], T(3), [
      destroy(18, { localPort: 6000, remotePort: 8080 }),
    ]);
    expect(c.events).toEqual([]);
  });

  it('reads a new connection on a TIME_WAIT 4-tuple (another cookie) as a close and an open', () => {
    const d = new Differ();
    d.apply([row({ cookie: 7, state: 'TIME_WAIT', pid: null, inode: 0 })], T(0));
    const { events } = d.apply([row({ cookie: 8 })], T(1));
    expect(events.map((e) => [e.type, e.connection.state])).toEqual([
      ['opened', 'ESTABLISHED'],
      ['closed', 'TIME_WAIT'],
    ]);
    // Without cookies (Windows, /proc) leaving TIME_WAIT says the same.
    const w = new Differ();
    w.apply([row({ state: 'TIME_WAIT', pid: null, inode: 0 })], T(0));
    expect(w.apply([row({ inode: 0 })], T(1)).events.map((e) => e.type)).toEqual(['opened', 'closed']);
  });

  it('joins destroys with a table that came back unchanged, object for object', () => {
    const a = row({ localPort: 1, cookie: 1 });
    const d = new Differ();
    d.apply([a], T(0));
    d.apply([a], T(1));
    const { events } = d.apply([a], T(2), [destroy(9, { localPort: 5555 })]);
    expect(events.map((e) => [e.type, e.connection.localPort, e.connection.shortLived])).toEqual([['closed', 5555, true]]);
  });

  it('lets a timewait entry excuse a late destroy for one poll only, unchanged polls included', () => {
    const a = row({ localPort: 1, cookie: 1 });
    const tw = row({ localPort: 6000, cookie: 20, state: 'TIME_WAIT', pid: null, processName: null, inode: 0 });
    const d = new Differ();
    d.apply([a], T(0));
    d.apply([a, tw], T(1)); // tw first seen: a destroy of its 4-tuple now is the socket that became it
    d.apply([a, tw], T(2)); // unchanged
    const { events } = d.apply([a, tw], T(3), [destroy(19, { localPort: 6000 })]);
    expect(events.map((e) => [e.type, e.connection.localPort, e.connection.shortLived])).toEqual([['closed', 6000, true]]);
  });

  it('tracks again a connection closed between polls that a later table still lists, as for a copy of it', () => {
    const a = row({ localPort: 1, cookie: 1 });
    const b = row({ localPort: 2, cookie: 2 });
    for (const same of [true, false]) {
      const d = new Differ();
      d.apply([a, b], T(0));
      d.apply([a, b], T(1));
      expect(d.applyEnded([destroy(1, { localPort: 1 })], T(2))).toHaveLength(1);
      const { events } = d.apply(same ? [a, b] : [{ ...a }, { ...b }], T(3));
      expect(events.map((e) => [e.type, e.connection.localPort])).toEqual([['opened', 1]]);
      expect(d.size).toBe(2);
    }
  });

  it('ignores destroys drained before the starting table', () => {
    const d = new Differ();
    expect(d.apply([row({ cookie: 1 })], T(0), [destroy(2, { localPort: 7 })]).events).toEqual([]);
  });

  describe('heard between polls (applyEnded)', () => {
    it('closes a tracked connection at once with its owner and final bytes, and neither the next poll nor a late destroy closes it again', () => {
      const d = new Differ();
      d.apply([row({ cookie: 7, bytesSent: 1 }), row({ localPort: 2, cookie: 8 })], T(0));
      const now = d.applyEnded([destroy(7)], T(1));
      expect(now).toHaveLength(1);
      expect(now[0]).toMatchObject({ type: 'closed', connection: { pid: 100, bytesSent: 500, bytesReceived: 700 } });
      expect(d.size).toBe(1);
      const next = d.apply([row({ localPort: 2, cookie: 8 })], T(2), [destroy(7)]);
      expect(next.events).toEqual([]);
      expect(d.applyEnded([destroy(7)], T(3))).toEqual([]);
    });

    it('reports a socket no poll saw as short-lived, once', () => {
      const d = new Differ();
      d.apply([], T(0));
      const now = d.applyEnded([destroy(9, { localPort: 5555 })], T(1));
      expect(now.map((e) => [e.type, e.connection.localPort, e.connection.shortLived])).toEqual([['closed', 5555, true]]);
      expect(d.apply([], T(2), [destroy(9, { localPort: 5555 })]).events).toEqual([]);
    });

    it('reports nothing before the starting table', () => {
      expect(new Differ().applyEnded([destroy(9)], T(0))).toEqual([]);
    });
  });
});
