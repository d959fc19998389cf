// `sockscope watch --json --interval 5000` against connections far shorter than its poll: each
// close is heard from the kernel's socket-destroy notifications, before the next poll comes.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingServer } from '../../e2e/support/closing-server';
import type { ConnectionEvent } from '../common/contract/events';
import { WatchProcess } from '../../e2e/support/watch-process';

const COUNT = 100;
let server: net.Server;
let port: number;
let watch: WatchProcess;

beforeAll(async () => {
  expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
  ({ server, port } = await closingServer());
  watch = new WatchProcess(['--interval', '5000']);
});

afterAll(async () => {
  expect(await watch?.stop()).toBe(0);
  server?.close();
});

/** A connection that lives about 10 ms: connect, send, close. Resolves with its client port once closed. */
async function tenMilliseconds(payload: string): Promise<number> {
  const client = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1' }, () => resolve(s));
    s.on('error', reject);
  });
  const clientPort = client.localPort!;
  client.resume().write(payload);
  await new Promise((resolve) => setTimeout(resolve, 10));
  client.end();
  await new Promise((resolve) => client.on('close', resolve));
  return clientPort;
}

const serverEndOf = (clientPort: number) => (e: ConnectionEvent) =>
  e.type === 'closed' && e.connection.localPort === port && e.connection.remotePort === clientPort;

describe('watch with a 5 s poll and 10 ms connections', () => {
  it('reports every one closed, short-lived, with its addresses, ports and bytes, before the next poll', async () => {
    // Ready once a short connection is heard: the starting table is read and the notifications flow.
    let ready = false;
    for (let i = 0; i < 30 && !ready; i++) {
      const clientPort = await tenMilliseconds('probe');
      await new Promise((resolve) => setTimeout(resolve, 300));
      ready = watch.events.some(serverEndOf(clientPort));
    }
    expect(ready, `watch heard no short-lived close; stderr: ${watch.stderr.join(' ')}`).toBe(true);
    // 100 connections of ~10 ms each, 10 at a time, within about 2 s.
    const started = Date.now();
    const clientPorts: number[] = [];
    for (let wave = 0; wave < COUNT / 10; wave++) {
      clientPorts.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => tenMilliseconds(`c${wave * 10 + i}`)))));
    }
    const madeIn = Date.now() - started;
    expect(madeIn).toBeLessThan(3_000);
    // The next poll is marked by a listener opened now: the table shows it only when a poll reads it.
    const marker = net.createServer();
    await new Promise<void>((resolve) => marker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const markerPort = (marker.address() as net.AddressInfo).port;
    try {
      const closes = await Promise.all(clientPorts.map((p) => watch.waitFor(`the close of :${p}`, serverEndOf(p), 8_000)));
      const nextPoll = await watch.waitFor('the next poll', (e) => e.type === 'opened' && e.connection.localPort === markerPort);
      for (const [i, close] of closes.entries()) {
        expect(close.connection).toMatchObject({
          shortLived: true,
          state: 'CLOSED',
          family: 'ipv4',
          localAddress: '127.0.0.1',
          localPort: port,
          remoteAddress: '127.0.0.1',
          remotePort: clientPorts[i],
          pid: null,
          bytesReceived: `c${i}`.length + 1, // the payload and the FIN, as tcp_info counts
        });
        expect(close.seq, `the close of :${clientPorts[i]} came before the next poll`).toBeLessThan(nextPoll.seq);
      }
      // Each once; and the client ends, freed on entering TIME_WAIT, are no close: the poll shows their entries.
      for (const p of clientPorts) expect(watch.events.filter(serverEndOf(p))).toHaveLength(1);
      const clientEnds = watch.events.filter(
        (e) => e.connection.remotePort === port && clientPorts.includes(e.connection.localPort),
      );
      expect(clientEnds).toHaveLength(COUNT);
      for (const e of clientEnds) expect([e.type, e.connection.state]).toEqual(['opened', 'TIME_WAIT']);
    } finally {
      marker.close();
    }
  }, 30_000);
});
