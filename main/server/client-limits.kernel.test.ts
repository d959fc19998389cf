// What one web-shell client may cost, against a real `serve` in the private network namespace:
// bursts of requests from a client that never reads must not grow the server nor stall the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import WebSocket from 'ws';
import type { SnapshotMessage } from '../common/contract/messages';
import { ServeProcess } from '../../e2e/support/serve-process';
import { connectFrames } from '../../e2e/support/ws-frames';
import { RawWebSocket } from './testing/raw-websocket';
import { DEFAULT_CLIENT_LIMITS } from './client-limits';

const INTERVAL_MS = 500;
/** Enough sockets that one snapshot is about a megabyte: 10 001 of them would be gigabytes. */
const CONNECTIONS = 1500;
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process, from /proc. */
function rssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

describe('serve bounds each client and the number of clients', () => {
  let serve: ServeProcess;
  let listener: net.Server;
  /** Our ends of the connections; the listener's ends are dropped when these reset. */
  const sockets: net.Socket[] = [];
  /** Closed by RST, so that none of ours lingers in TIME_WAIT for the test files after this one. */
  const resetAll = () => {
    for (const s of sockets.splice(0)) s.resetAndDestroy();
  };

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    listener = net.createServer((s) => s.on('error', () => {})); // the peer's RST ends it
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    const openAll = async () => {
      for (let i = 0; i < CONNECTIONS; i++) {
        const s = net.connect(port, '127.0.0.1');
        sockets.push(s);
        await new Promise((resolve) => s.once('connect', resolve));
      }
    };
    serve = await ServeProcess.start(['--port', '0', '--interval', String(INTERVAL_MS)]);
    // Opened, closed and opened again while it records: a history whose newest 10 000 events make a large answer.
    await openAll();
    await sleep(2 * INTERVAL_MS);
    resetAll();
    await sleep(2 * INTERVAL_MS);
    await openAll();
    await sleep(2 * INTERVAL_MS); // polled: the table holds them all
  }, 60_000);
  afterAll(async () => {
    resetAll();
    listener?.close();
    expect(await serve?.stop()).toBe(0);
  });

  it('a client that never reads sends 10 000 requestSnapshot and 100 getHistory: RSS stays within 64 MB, others keep their events', async () => {
    const observer = await connectFrames(serve);
    const snapshot = (await observer.next((f) => f.type === 'snapshot')) as SnapshotMessage;
    expect(snapshot.connections.length).toBeGreaterThanOrEqual(2 * CONNECTIONS);
    await sleep(2 * INTERVAL_MS); // the history has the table; the cached snapshot exists
    const before = rssBytes(serve.pid);

    const arrivals: number[] = [];
    observer.ws.on('message', (data) => {
      if (data.toString('latin1', 0, 20).startsWith('{"type":"events"')) arrivals.push(Date.now());
    });
    const burst = await RawWebSocket.open(Number(serve.url.port), serve.token);
    const started = Date.now();
    burst.send(Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: i, method: 'requestSnapshot', params: {} })));
    burst.send(
      Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: 10_000 + i, method: 'getHistory', params: { limit: 10_000 } })),
    );
    let peak = before;
    while (Date.now() - started < 8_000) {
      peak = Math.max(peak, rssBytes(serve.pid));
      await sleep(100);
    }
    const grewMb = (peak - before) / MiB;
    expect(grewMb, `serve grew ${grewMb.toFixed(1)} MB`).toBeLessThanOrEqual(64);
    const during = [started, ...arrivals.filter((t) => t >= started), Date.now()];
    const gaps = during.slice(1).map((t, i) => t - during[i]);
    expect(Math.max(...gaps), `gaps between the observer's events: ${gaps.join(', ')} ms`).toBeLessThanOrEqual(
      INTERVAL_MS + 1_000,
    );
    burst.destroy();
    observer.ws.close();
  }, 30_000);

  it(`refuses client ${DEFAULT_CLIENT_LIMITS.maxClients + 1} with close code 1013 and a reason naming the cap`, async () => {
    const clients: Awaited<ReturnType<typeof connectFrames>>[] = [];
    for (let i = 0; i < DEFAULT_CLIENT_LIMITS.maxClients; i++) clients.push(await connectFrames(serve));
    const extra = new WebSocket(serve.wsUrl, serve.wsOptions);
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      extra.once('close', (c, r) => resolve([c, r.toString()])),
    );
    expect(code).toBe(1013);
    expect(reason).toBe(`sockscope serve: too many clients (${DEFAULT_CLIENT_LIMITS.maxClients} at once); close one first`);
    // One leaves, and there is room again.
    const closed = new Promise((resolve) => clients[0].ws.once('close', resolve));
    clients[0].ws.close();
    await closed;
    const again = await connectFrames(serve);
    expect(await again.next((f) => f.type === 'snapshot')).toBeDefined();
    for (const c of [...clients.slice(1), again]) c.ws.close();
  }, 30_000);
});
