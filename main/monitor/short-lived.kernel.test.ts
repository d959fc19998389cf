// The monitor on the real Linux source, real sockets: connections shorter than a poll, and a
// new connection on a TIME_WAIT 4-tuple. Run inside the test network namespace.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closingServer } from '../../e2e/support/closing-server';
import type { ConnectionEvent } from '../common/contract/events';
import { createLinuxSource } from '../../native-bridge/linux/source';
import { Monitor } from './monitor';

let server: net.Server;
let port: number;
let monitor: Monitor;

beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
  ({ server, port } = await closingServer());
  // Polled by hand: as if the interval were long, every connection below lives between two polls.
  monitor = new Monitor(await createLinuxSource());
  await monitor.pollOnce();
});

afterAll(() => {
  monitor.stop();
  server.close();
});

/** Connects from `localPort` (0: any), sends a little, closes first, and waits for the close; resolves with the local port. */
async function shortConnection(localPort = 0): Promise<number> {
  const client = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort }, () => resolve(s));
    s.on('error', reject);
  });
  const used = client.localPort!;
  client.resume().end('hello');
  await new Promise((resolve) => client.on('close', resolve));
  await new Promise((resolve) => setTimeout(resolve, 200)); // the kernel broadcasts destroys from a work queue
  return used;
}

/** Opens a connection and waits until the server has its end; resolves with the client. */
async function openConnection(): Promise<net.Socket> {
  return new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1' }, () => resolve(s));
    s.on('error', reject);
  });
}

const between = (a: number, b: number) => (e: ConnectionEvent) => e.connection.localPort === a && e.connection.remotePort === b;

describe('short-lived connections (socket-destroy notifications)', () => {
  it('says it watches for them', () => {
    expect(monitor.status().shortLived).toEqual({ watching: true, note: null });
  });

  it('shows a connection opened and closed between two polls as one closed short-lived event, and its TIME_WAIT as open', async () => {
    const clientPort = await shortConnection();
    const { events } = await monitor.pollOnce();
    const serverEnd = events.filter(between(port, clientPort));
    expect(serverEnd).toHaveLength(1);
    expect(serverEnd[0]).toMatchObject({
      type: 'closed',
      connection: { shortLived: true, pid: null, state: 'CLOSED', bytesReceived: 6 }, // 'hello' and the FIN, as tcp_info counts
    });
    // The client end was freed on entering TIME_WAIT: that is the entry the table now shows, not a close.
    expect(events.filter(between(clientPort, port)).map((e) => [e.type, e.connection.state])).toEqual([['opened', 'TIME_WAIT']]);
    // And the next poll closes nothing twice.
    const next = await monitor.pollOnce();
    expect(next.events.filter((e) => between(port, clientPort)(e) || between(clientPort, port)(e))).toEqual([]);
  });

  it('reads a new connection on a TIME_WAIT 4-tuple as a close of the old and an open of the new', async () => {
    const clientPort = await shortConnection();
    await monitor.pollOnce(); // the TIME_WAIT entry is in the table now
    const client = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort: clientPort }, () => resolve(s));
      s.on('error', reject);
    });
    try {
      const { events } = await monitor.pollOnce();
      const clientEnd = events.filter(between(clientPort, port)).map((e) => [e.type, e.connection.state]);
      expect(clientEnd).toEqual([
        ['opened', 'ESTABLISHED'],
        ['closed', 'TIME_WAIT'],
      ]);
    } finally {
      client.destroy();
    }
  });

  it('closes a connection the table holds between polls, once: the next poll reports nothing more of it', async () => {
    const client = await openConnection();
    const clientPort = client.localPort!;
    // The server end: the client closes first, so it is freed for good (the client's waits in TIME_WAIT).
    const opened = (await monitor.pollOnce()).events.find(between(port, clientPort));
    expect(opened).toMatchObject({ type: 'opened', connection: { state: 'ESTABLISHED', pid: process.pid } });
    client.resume().end('ping');
    await new Promise((resolve) => client.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const heard = monitor.closeEndedNow();
    const closes = heard?.events.filter((e) => e.id === opened!.id) ?? [];
    expect(closes).toHaveLength(1);
    // Closed with its owner (known from the table) and its final counters, not as a short-lived stranger.
    expect(closes[0]).toMatchObject({ type: 'closed', connection: { pid: process.pid, bytesReceived: 5 } });
    expect(closes[0].connection.shortLived).toBeUndefined();
    expect(heard!.betweenPolls).toBe(true);
    // Neither the poll's diff nor a late destroy closes it again.
    const next = await monitor.pollOnce();
    expect(next.events.filter((e) => e.id === opened!.id)).toEqual([]);
    expect(monitor.closeEndedNow()?.events.filter((e) => e.id === opened!.id) ?? []).toEqual([]);
  });

  it('closes a connection the poll saw go, once: the destroy heard after it is no second close', async () => {
    const client = await openConnection();
    const clientPort = client.localPort!;
    const opened = (await monitor.pollOnce()).events.find(between(clientPort, port))!;
    client.resetAndDestroy(); // RST: both ends freed at once, neither waits in TIME_WAIT
    await new Promise((resolve) => setTimeout(resolve, 200));
    const polled = await monitor.pollOnce();
    expect(polled.events.filter((e) => e.id === opened.id).map((e) => e.type)).toEqual(['closed']);
    expect(monitor.closeEndedNow()?.events.filter((e) => e.id === opened.id) ?? []).toEqual([]);
    expect((await monitor.pollOnce()).events.filter((e) => e.id === opened.id)).toEqual([]);
  });

  it('leaves a socket freed on entering TIME_WAIT to the next poll, which shows the transition', async () => {
    const client = await openConnection();
    const clientPort = client.localPort!;
    const opened = (await monitor.pollOnce()).events.find(between(clientPort, port))!;
    client.resume().end('bye'); // the client closes first: its end goes to TIME_WAIT
    await new Promise((resolve) => client.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(monitor.closeEndedNow()?.events.filter((e) => e.id === opened.id) ?? []).toEqual([]);
    const { events } = await monitor.pollOnce();
    expect(events.filter((e) => e.id === opened.id).map((e) => [e.type, e.connection.state])).toEqual([
      ['state-changed', 'TIME_WAIT'],
    ]);
    // With the counters the socket had when freed: the TIME_WAIT entry itself has none.
    expect(events.find((e) => e.id === opened.id)!.connection).toMatchObject({ bytesSent: 3 });
  });
});

describe('lost socket-destroy notifications (ENOBUFS)', () => {
  it('bring a full poll at once, say so in the status, and the monitor hears on', async () => {
    const polls: string[] = [];
    const lossy = new Monitor(
      await createLinuxSource({ destroyReceiveBufferBytes: 1 }), // the kernel's minimum: a few messages
      { events: (m) => m.betweenPolls || polls.push(m.time) },
    );
    try {
      await lossy.pollOnce();
      polls.length = 0;
      const burst = await Promise.all(Array.from({ length: 30 }, () => shortConnection()));
      lossy.closeEndedNow();
      await vi.waitFor(() => expect(polls).toHaveLength(1), { timeout: 5_000 }); // the resync
      expect(lossy.status().shortLived?.note).toMatch(
        /^socket-destroy notifications were lost at .+: connections shorter than a poll may be missing then; the table is whole$/,
      );
      // The table is whole: every client end of the burst is there in TIME_WAIT.
      const table = lossy.snapshot().connections.filter((c) => c.row.remotePort === port && burst.includes(c.row.localPort));
      expect(table.map((c) => c.row.state)).toEqual(burst.map(() => 'TIME_WAIT'));
      // And short-lived connections are heard again.
      const later = await shortConnection();
      const heard = lossy.closeEndedNow()?.events ?? [];
      expect(heard.filter(between(port, later)).map((e) => e.connection.shortLived)).toEqual([true]);
    } finally {
      lossy.stop();
    }
  });
});
