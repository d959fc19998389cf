// Host and service names for real: the namespace's hosts file and a real DNS server (dnsmasq on
// 127.0.0.1:53, started by scripts/in-netns.mjs), through getnameinfo. No mocked resolver.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamesMessage, SnapshotMessage } from '../../common/contract/messages';
import type { NamedRow } from '../../cli/named-rows';
import { SocketActor } from '../../../e2e/support/socket-actor';
import { runCli, ServeProcess } from '../../../e2e/support/serve-process';
import { connectFrames, type Frame, type FrameClient } from '../../../e2e/support/ws-frames';
import {
  DNS_RECORD_ADDRESS,
  DNS_RECORD_NAME,
  dnsQueryLog,
  HOSTS_FILE_ADDRESS,
  HOSTS_FILE_NAME,
  needsDns,
  ptrQuestion,
  synthesizedAddress,
  synthesizedName,
} from '../../../e2e/support/test-names';

const listResolved = (): NamedRow[] => {
  const r = runCli(['list', '--json', '--resolve']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as NamedRow[];
};
const isNames = (f: Frame): f is NamesMessage => f.type === 'names';
const namesIn = (frames: Frame[]) => new Map(frames.filter(isNames).flatMap((f) => f.names.map((n) => [n.address, n.host])));
const queriesLogged = () => fs.readFileSync(dnsQueryLog, 'utf8');

let actor: SocketActor;
beforeAll(() => {
  expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
  actor = new SocketActor(90);
});
afterAll(() => actor.stop());

describe('sockscope list --json --resolve', () => {
  it('names a loopback address from the hosts file, on both sides of a connection', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'hostsL', host: HOSTS_FILE_ADDRESS });
    const { localPort } = await actor.send({ op: 'connect', id: 'hostsC', host: HOSTS_FILE_ADDRESS, port });
    const rows = listResolved();
    const listener = rows.find((r) => r.state === 'LISTEN' && r.localPort === port);
    const client = rows.find((r) => r.localPort === localPort && r.remotePort === port);
    const accepted = rows.find((r) => r.localPort === port && r.remotePort === localPort);
    expect(listener).toMatchObject({ localAddress: HOSTS_FILE_ADDRESS, localHost: HOSTS_FILE_NAME, remoteHost: '*' });
    // The client's source is the address it connected to (loopback routes it so).
    expect(client).toMatchObject({ remoteHost: HOSTS_FILE_NAME });
    expect(accepted).toMatchObject({ localHost: HOSTS_FILE_NAME });
  });

  it('gives a well-known port its IANA service name, and null where IANA names none', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'httpAlt', host: '127.0.0.1', port: 8080 });
    const { localPort } = await actor.send({ op: 'connect', id: 'httpAltC', host: '127.0.0.1', port });
    const rows = listResolved();
    expect(rows.find((r) => r.state === 'LISTEN' && r.localPort === 8080)).toMatchObject({
      localHost: 'localhost',
      localService: 'http-alt',
      remoteService: null, // a listener's remote port 0
    });
    const client = rows.find((r) => r.localPort === localPort && r.remotePort === 8080);
    expect(client).toMatchObject({ remoteService: 'http-alt', localHost: 'localhost', remoteHost: 'localhost' });
  });

  it.runIf(needsDns('PTR names from dnsmasq in `list --resolve`'))(
    'names addresses by DNS PTR from a real DNS server, and says null where it has no name',
    async () => {
      const { port } = await actor.send({ op: 'listen', id: 'ptrL', host: '127.0.0.1' });
      const source = synthesizedAddress(0x0101);
      await actor.send({ op: 'connect', id: 'ptrC', host: '127.0.0.1', port, localAddress: source });
      const { port: recordPort } = await actor.send({ op: 'listen', id: 'recordL', host: DNS_RECORD_ADDRESS });
      const { port: unnamedPort } = await actor.send({ op: 'listen', id: 'unnamedL', host: '127.0.0.9' });
      const rows = listResolved();
      expect(rows.find((r) => r.localPort === port && r.remoteAddress === source)).toMatchObject({
        remoteHost: synthesizedName(source),
      });
      expect(rows.find((r) => r.localPort === recordPort)).toMatchObject({ localHost: DNS_RECORD_NAME });
      expect(rows.find((r) => r.localPort === unnamedPort)).toMatchObject({ localAddress: '127.0.0.9', localHost: null });
    },
  );
});

describe('names over the web shell', () => {
  let serve: ServeProcess;
  let client: FrameClient;
  let listenPort: number | undefined;

  beforeAll(async () => {
    ({ port: listenPort } = await actor.send({ op: 'listen', id: 'wsL', host: '127.0.0.1' }));
    serve = await ServeProcess.start(['--port', '0', '--interval', '250']);
    client = await connectFrames(serve);
  });
  afterAll(async () => {
    client.ws.close();
    expect(await serve.stop()).toBe(0);
  });

  let nextId = 1;
  const request = async (method: string, params: object) => {
    const id = nextId++;
    client.ws.send(JSON.stringify({ id, method, params }));
    return client.next((f) => f.type === 'response' && f.id === id);
  };
  /** Waits for the monitor to have seen a connection from `source`: its opened event. */
  const seen = (source: string) =>
    client.next((f) => f.type === 'events' && f.events.some((e) => e.type === 'opened' && e.connection.remoteAddress === source));

  it('resolves by default, and sends names as `names` messages, which a new client finds in its snapshot', async () => {
    const snapshot = (await client.next((f) => f.type === 'snapshot')) as SnapshotMessage;
    expect(snapshot.status.resolveNames).toBe(true);
    await actor.send({ op: 'connect', id: 'wsHosts', host: '127.0.0.1', port: listenPort, localAddress: HOSTS_FILE_ADDRESS });
    await client.next((f) => isNames(f) && f.names.some((n) => n.address === HOSTS_FILE_ADDRESS));
    expect(namesIn(client.frames).get(HOSTS_FILE_ADDRESS)).toBe(HOSTS_FILE_NAME);
    // Sent apart from the rows: no event or update carries a name.
    expect(JSON.stringify(client.frames.filter((f) => f.type === 'events'))).not.toContain(HOSTS_FILE_NAME);

    const late = await connectFrames(serve);
    const lateSnapshot = (await late.next((f) => f.type === 'snapshot')) as SnapshotMessage;
    late.ws.close();
    expect(lateSnapshot.names).toContainEqual({ address: HOSTS_FILE_ADDRESS, host: HOSTS_FILE_NAME });
    expect(lateSnapshot.names).toContainEqual({ address: '127.0.0.1', host: 'localhost' });
  });

  it.runIf(needsDns('PTR names over the WebSocket'))('sends the PTR name of a new remote address', async () => {
    const source = synthesizedAddress(0x0201);
    await actor.send({ op: 'connect', id: 'wsPtr', host: '127.0.0.1', port: listenPort, localAddress: source });
    await client.next((f) => isNames(f) && f.names.some((n) => n.address === source));
    expect(namesIn(client.frames).get(source)).toBe(synthesizedName(source));
  });

  it.runIf(needsDns('proving setResolveNames stops DNS queries'))(
    'turned off, sends no DNS query for new addresses (dnsmasq’s log); turned on, names the table',
    async () => {
      const off = await request('setResolveNames', { resolve: false });
      expect(off).toMatchObject({ ok: true, result: { resolveNames: false } });
      await client.next((f) => f.type === 'status' && !f.status.resolveNames);
      const source = synthesizedAddress(0x0301);
      await actor.send({ op: 'connect', id: 'wsOff', host: '127.0.0.1', port: listenPort, localAddress: source });
      await seen(source);
      await new Promise((r) => setTimeout(r, 1_000)); // four polls more: time for any lookup to have gone out
      expect(queriesLogged()).not.toContain(ptrQuestion(source));
      expect(namesIn(client.frames).has(source)).toBe(false);

      const on = await request('setResolveNames', { resolve: true });
      expect(on).toMatchObject({ ok: true, result: { resolveNames: true } });
      await client.next((f) => isNames(f) && f.names.some((n) => n.address === source));
      expect(namesIn(client.frames).get(source)).toBe(synthesizedName(source));
      expect(queriesLogged()).toContain(ptrQuestion(source));
    },
  );

  it('starts without resolving under --no-resolve', async () => {
    const quiet = await ServeProcess.start(['--port', '0', '--no-resolve']);
    try {
      const frames = await connectFrames(quiet);
      const snapshot = (await frames.next((f) => f.type === 'snapshot')) as SnapshotMessage;
      frames.ws.close();
      expect([snapshot.status.resolveNames, snapshot.names]).toEqual([false, []]);
      expect(snapshot.connections.length).toBeGreaterThan(0);
    } finally {
      await quiet.stop();
    }
  });
});
