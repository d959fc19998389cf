// One WsClient's bounds with small limits, over a real WebSocket on loopback (in the private
// namespace): the monitor behind it is a stand-in whose answers are as large or as slow as a case needs.
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { MonitorPort } from '../common/contract/monitor-port';
import { encodeSnapshot, type SnapshotTexts } from '../common/contract/snapshot-parts';
import type { MonitorStatus } from '../common/contract/messages';
import { row } from '../common/testing/test-rows';
import { connectFrames } from '../../e2e/support/ws-frames';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './client-limits';
import { RawWebSocket } from './testing/raw-websocket';
import { WsClient } from './ws-client';

const MiB = 1024 * 1024;
/** A snapshot of `ports` listeners (none: an empty table), as the monitor sends it. */
const snapshotOf = (ports: number[], rowsPerMessage?: number): SnapshotTexts =>
  encodeSnapshot(
    {
      type: 'snapshot',
      epoch: 'e',
      seq: 3,
      time: '2026-12-03T08:00:00.000Z',
      connections: ports.map((port) => ({
        id: `c${port}`,
        row: row({ localPort: port }),
        firstSeenAt: '',
        lastTransition: null,
      })),
      names: [],
      status: {} as MonitorStatus,
    },
    rowsPerMessage,
  );
const SNAPSHOT = snapshotOf([]);

/** A monitor whose every request is answered by `answer` (its result: whatever the case needs). */
function monitorAnswering(answer: () => Promise<unknown>): MonitorPort {
  return {
    snapshotTexts: () => Promise.resolve(SNAPSHOT),
    request: (() => answer()) as MonitorPort['request'],
  };
}

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const ws of server?.clients ?? []) ws.terminate();
  server?.close();
  server = undefined;
});

/** A loopback WebSocket server whose clients are WsClients with these limits; resolves with its ws URL. */
async function serveClients(monitor: MonitorPort, limits: Partial<ClientLimits>): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => new WsClient(ws, monitor, false, { ...DEFAULT_CLIENT_LIMITS, ...limits }));
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('WsClient snapshots', () => {
  it('sends a snapshot that comes in parts as its parts, in order, first thing', async () => {
    const monitor: MonitorPort = {
      ...monitorAnswering(async () => []),
      snapshotTexts: () => Promise.resolve(snapshotOf([1, 2, 3, 4, 5], 2)),
    };
    const client = await connectFrames({ wsUrl: await serveClients(monitor, {}), wsOptions: {} });
    await client.next((f) => f.type === 'snapshotRows' && f.connections.length === 1);
    expect(client.frames.map((f) => [f.type, 'connections' in f ? f.connections.map((c) => c.row.localPort) : null])).toEqual([
      ['snapshot', [1, 2]],
      ['snapshotRows', [3, 4]],
      ['snapshotRows', [5]],
    ]);
    client.ws.close();
  });
});

describe('WsClient bounds', () => {
  it('answers a request whose answer is over the cap with one line saying so, and keeps serving', async () => {
    let size = 2 * MiB;
    const url = await serveClients(
      monitorAnswering(async () => ['x'.repeat(size)]),
      { maxResponseBytes: 1 * MiB },
    );
    const client = await connectFrames({ wsUrl: url, wsOptions: {} });
    client.ws.send(JSON.stringify({ id: 1, method: 'getHistory', params: { limit: 10 } }));
    expect(await client.next((f) => f.type === 'response' && f.id === 1)).toEqual({
      type: 'response',
      id: 1,
      ok: false,
      error:
        "the answer to getHistory would be 2 MB, over the web shell's limit of 1 MB per answer: ask for less (a lower limit or a shorter period)",
    });
    size = 1000;
    client.ws.send(JSON.stringify({ id: 2, method: 'getHistory', params: { limit: 10 } }));
    expect(await client.next((f) => f.type === 'response' && f.id === 2)).toMatchObject({ ok: true, result: ['x'.repeat(1000)] });
    client.ws.close();
  });

  it('answers a few requests at a time, lets the others wait in order, and refuses those beyond the queue by id', async () => {
    const waiting: (() => void)[] = [];
    const url = await serveClients(
      monitorAnswering(() => new Promise((resolve) => waiting.push(() => resolve([])))),
      { maxInFlight: 2, maxQueued: 2 },
    );
    const client = await connectFrames({ wsUrl: url, wsOptions: {} });
    for (let id = 1; id <= 6; id++) client.ws.send(JSON.stringify({ id, method: 'getHistory', params: { limit: 10 } }));
    for (const id of [5, 6]) {
      expect(await client.next((f) => f.type === 'response' && f.id === id)).toEqual({
        type: 'response',
        id,
        ok: false,
        error: 'too many requests at once: 2 are being answered and 2 wait; send more as they are answered',
      });
    }
    expect(waiting).toHaveLength(2); // the monitor was asked two at a time
    for (const answer of waiting.splice(0)) answer();
    for (const id of [1, 2]) expect(await client.next((f) => f.type === 'response' && f.id === id)).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(waiting).toHaveLength(2); // then the two that waited
    for (const answer of waiting.splice(0)) answer();
    for (const id of [3, 4]) expect(await client.next((f) => f.type === 'response' && f.id === id)).toMatchObject({ ok: true });
    client.ws.close();
  });

  it('drops a client that does not read once its unsent answers pass the hard cap', async () => {
    const url = await serveClients(
      monitorAnswering(async () => ['x'.repeat(1 * MiB)]),
      {
        maxBufferedBytes: 4 * MiB,
        maxResponseBytes: 2 * MiB,
        maxInFlight: 64,
      },
    );
    const raw = await RawWebSocket.open(Number(new URL(url).port), 'unused');
    // Loopback's socket buffers take a few megabytes before anything stays unsent on the server's side.
    raw.send(Array.from({ length: 48 }, (_, id) => JSON.stringify({ id, method: 'getHistory', params: { limit: 10 } })));
    const started = Date.now();
    while (!raw.closed && Date.now() - started < 10_000) {
      // Reading nothing, the end shows as a reset or an error on the next write.
      raw.socket.write(RawWebSocket.frames([JSON.stringify({ id: 100, method: 'getSession', params: {} })]));
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(raw.closed, 'the server dropped the connection').toBe(true);
    expect(server!.clients.size).toBe(0);
  }, 15_000);
});
