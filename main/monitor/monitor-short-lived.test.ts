// What the monitor's status says of short-lived connections: a source that hears of freed sockets
// (Linux netlink) or whose subscription was refused; polling goes on either way.
import { describe, expect, it } from 'vitest';
import type { DataSource, DestroyedSockets, ShortLivedStatus, TcpRow } from '../common/types';
import { Monitor } from './monitor';
import { row } from '../common/testing/test-rows';

function sourceWith(status: ShortLivedStatus, drains: DestroyedSockets[]): DataSource {
  return {
    kind: 'netlink',
    description: 'scripted',
    snapshot: async () => [row({ cookie: 1 })],
    processInfo: async () => null,
    takeDestroyed: () => drains.shift() ?? { rows: [], lost: false },
    destroyStatus: () => status,
  };
}

const freed: TcpRow = row({ localPort: 5000, cookie: 9, state: 'CLOSED', pid: null, processName: null });

describe('Monitor with socket-destroy notifications', () => {
  it('says the subscription was refused, and polls on', async () => {
    const refusal = 'socket-destroy notifications refused: EPERM';
    const monitor = new Monitor(sourceWith({ watching: false, note: refusal }, []));
    await monitor.pollOnce();
    const second = await monitor.pollOnce();
    expect(second.status.shortLived).toEqual({ watching: false, note: refusal });
    expect(second.status.error).toBeNull();
  });

  it('says when notifications were lost, and still reports the short-lived connections it did hear of', async () => {
    const monitor = new Monitor(
      sourceWith({ watching: true, note: null }, [
        { rows: [], lost: false },
        { rows: [freed], lost: true },
      ]),
    );
    expect((await monitor.pollOnce()).status.shortLived).toEqual({ watching: true, note: null });
    const second = await monitor.pollOnce();
    expect(second.events.map((e) => [e.type, e.connection.localPort, e.connection.shortLived])).toEqual([['closed', 5000, true]]);
    expect(second.status.shortLived?.watching).toBe(true);
    expect(second.status.shortLived?.note).toMatch(/^socket-destroy notifications were lost at \S+ .*may be missing/);
    expect(monitor.history({ port: 5000, limit: 10 }).filter((e) => e.connection.shortLived)).toHaveLength(1); // in the event log like any close
  });

  it('leaves the status without shortLived where the source has no such notifications', async () => {
    const monitor = new Monitor({ kind: 'proc', description: 'p', snapshot: async () => [], processInfo: async () => null });
    expect('shortLived' in (await monitor.pollOnce()).status).toBe(false);
  });

  it('keeps what it hears during a poll, and joins it once that poll is done: a close after the dump is no reopening', async () => {
    let finishRead!: (rows: TcpRow[]) => void;
    const calls: string[] = [];
    const held: TcpRow[] = [];
    const tracked = row({ localPort: 6000, cookie: 6 });
    const monitor = new Monitor({
      kind: 'netlink',
      description: 'scripted',
      snapshot: () => new Promise<TcpRow[]>((resolve) => (finishRead = resolve)),
      processInfo: async () => null,
      takeDestroyed: () => ({ rows: [], lost: false }),
      holdDestroyedNow: () => {
        calls.push('hold');
        held.push({ ...tracked, state: 'CLOSED', cookie: 6 });
      },
      takeEndedNow: () => {
        calls.push('take');
        return { rows: held.splice(0), lost: false };
      },
      destroyStatus: () => ({ watching: true, note: null }),
    });
    const first = monitor.pollOnce();
    finishRead([]);
    await first;
    const second = monitor.pollOnce(); // its table read still holds the connection...
    expect(monitor.closeEndedNow()).toBeNull(); // ...when the OS says it was freed
    finishRead([tracked]);
    expect((await second).events.map((e) => [e.type, e.connection.localPort])).toEqual([['opened', 6000]]);
    const after = monitor.closeEndedNow();
    expect(after?.events.map((e) => [e.type, e.connection.localPort, e.connection.shortLived])).toEqual([
      ['closed', 6000, undefined],
    ]);
    expect(calls).toEqual(['hold', 'take']);
  });
});
