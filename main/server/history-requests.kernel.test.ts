// The history requests over the web shell's WebSocket, for real: answered from the recorded
// history while `serve` records, from the monitor's memory with --no-history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsMessage, SnapshotMessage } from '../common/contract/messages';
import type { RequestResult } from '../common/contract/requests';
import { ServeProcess } from '../../e2e/support/serve-process';
import { SocketActor } from '../../e2e/support/socket-actor';
import { connectFrames, type FrameClient } from '../../e2e/support/ws-frames';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nextId = 1;
async function ask<K extends 'getHistory' | 'getTimeline' | 'getTableAt' | 'getProcessConnections'>(
  client: FrameClient,
  method: K,
  params: object,
): Promise<RequestResult<K>> {
  const id = nextId++;
  client.ws.send(JSON.stringify({ id, method, params }));
  const answer = await client.next((f) => f.type === 'response' && f.id === id);
  if (answer.type !== 'response') throw new Error('unreachable');
  if (!answer.ok) throw new Error(answer.error);
  return answer.result as RequestResult<K>;
}

describe.each([
  ['recording', [], true],
  ['--no-history', ['--no-history'], false],
] as const)('history requests, serve %s', (_name, flags, recording) => {
  let serve: ServeProcess;
  let actor: SocketActor;
  let client: FrameClient;

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    actor = new SocketActor(60);
    serve = await ServeProcess.start(['--port', '0', '--interval', '250', ...flags]);
    client = await connectFrames(serve);
  });
  afterAll(async () => {
    client.ws.close();
    actor.stop();
    expect(await serve.stop()).toBe(0);
  });

  it('says in the status whether it records, and since when', async () => {
    const snapshot = (await client.next((f) => f.type === 'snapshot')) as SnapshotMessage;
    if (recording) {
      await client.next((f) => f.type === 'events' && f.status.history.since !== null);
      const last = client.frames.filter((f): f is EventsMessage => f.type === 'events').at(-1)!;
      expect(last.status.history).toMatchObject({ recording: true, note: null });
      expect(Date.parse(last.status.history.since!)).toBeLessThanOrEqual(Date.now());
    } else {
      expect(snapshot.status.history).toEqual({
        recording: false,
        note: 'not recording: history is off (--no-history)',
        since: null,
      });
    }
  });

  it('answers getHistory, getTimeline, getTableAt and getProcessConnections about a connection that came and went', async () => {
    const started = new Date().toISOString();
    await sleep(300);
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
    await sleep(600);
    const during = new Date().toISOString();
    await sleep(300);
    await actor.send({ op: 'destroy', id: 'C' });
    await client.next(
      (f) => f.type === 'events' && f.events.some((e) => e.type !== 'opened' && e.connection.localPort === localPort),
    );
    await sleep(600);
    const until = new Date().toISOString();

    const events = await ask(client, 'getHistory', { port, limit: 100 });
    expect(events.some((e) => e.type === 'opened' && e.connection.localPort === localPort)).toBe(true);
    expect(events.every((e) => e.connection.localPort === port || e.connection.remotePort === port)).toBe(true);
    const page = await ask(client, 'getHistory', { port, limit: 1, beforeSeq: events.at(-1)!.seq });
    expect(page).toEqual([events.at(-2)]);
    expect(await ask(client, 'getHistory', { port, text: `127.0.0.1:${localPort} !closed`, limit: 100 })).toEqual(
      events.filter(
        (e) => e.type !== 'closed' && (e.connection.localPort === localPort || e.connection.remotePort === localPort),
      ),
    );

    const timeline = await ask(client, 'getTimeline', { since: started, until, buckets: 20 });
    expect(timeline.counts).toHaveLength(20);
    expect(timeline.counts.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(events.length);

    const { connections } = await ask(client, 'getTableAt', { at: during });
    expect(connections.find((c) => c.row.localPort === localPort)?.row.state).toBe('ESTABLISHED');

    const mine = await ask(client, 'getProcessConnections', { pid: actor.pid, since: started });
    const client_ = mine.connections.find((c) => c.row.localPort === localPort);
    // It left ESTABLISHED (FIN_WAIT, TIME_WAIT or closed); seen opening, so its opening time is known.
    expect(client_).toMatchObject({ openedAt: expect.any(String), shortLived: false });
    expect(client_!.closedAt !== null || client_!.row.state !== 'ESTABLISHED').toBe(true);
    expect(mine.connections.find((c) => c.row.localPort === port && c.row.state === 'LISTEN')?.closedAt).toBeNull();
    await actor.send({ op: 'close', id: 'L' });
  });
});
