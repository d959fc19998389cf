// The monitor on the real Linux source, real sockets: connections shorter than a poll, and a
// new connection on a TIME_WAIT 4-tuple. Run inside the test network namespace.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import { createLinuxSource } from '../../native-bridge/linux/source';
import { Monitor } from './monitor';

let server: net.Server;
let port: number;
let monitor: Monitor;

beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
  // The server closes its end once the client has closed its own: the client is left in TIME_WAIT.
  server = net.createServer((s) => s.on('end', () => s.end()).resume());
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  port = (server.address() as net.AddressInfo).port;
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
});
