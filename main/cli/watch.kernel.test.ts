// `sockscope watch --json` against real sockets, in a private network namespace.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import { SocketActor } from '../../e2e/support/socket-actor';
import { WatchProcess } from '../../e2e/support/watch-process';

const onPorts = (local: number, remote: number) => (e: ConnectionEvent) =>
  e.connection.localPort === local && e.connection.remotePort === remote;

/** The states a connection was seen in, in order: its opening state, then each transition's `to`. */
const statesOf = (events: ConnectionEvent[], id: string) =>
  events
    .filter((e) => e.id === id)
    .map((e) => (e.type === 'state-changed' ? e.to : e.type === 'closed' ? 'closed' : e.connection.state));

describe('sockscope watch --json', () => {
  /**
   * Its owning pid, from the first of its events that has one: an inode not found among the
   * processes likely to hold it waits a poll rather than a scan of every fd table, so the owner
   * may come with the next poll's owner-changed event.
   */
  const ownerOf = async (id: string): Promise<number | null> =>
    (await watch.waitFor(`the owner of ${id}`, (e) => e.id === id && e.connection.pid !== null)).connection.pid;

  let actor: SocketActor;
  let watch: WatchProcess;

  beforeEach(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    actor = new SocketActor(60);
    watch = new WatchProcess(['--interval', '100']);
    await watch.settle();
  });

  afterEach(async () => {
    actor.stop();
    expect(await watch.stop()).toBe(0);
  });

  it('shows a listener open and close, owned by its process', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    const opened = await watch.waitFor('listener opened', (e) => e.type === 'opened' && e.connection.localPort === port);
    expect(opened.connection).toMatchObject({
      state: 'LISTEN',
      family: 'ipv4',
      localAddress: '127.0.0.1',
      remoteAddress: '0.0.0.0',
      remotePort: 0,
    });
    expect(await ownerOf(opened.id)).toBe(actor.pid);
    await actor.send({ op: 'close', id: 'L' });
    const closed = await watch.waitFor('listener closed', (e) => e.type === 'closed' && e.id === opened.id);
    expect(closed.connection.state).toBe('LISTEN');
  });

  it('follows a half-close: client ESTABLISHED → FIN_WAIT_2 → TIME_WAIT, server ESTABLISHED → CLOSE_WAIT → closed', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
    const client = await watch.waitFor('client opened', (e) => e.type === 'opened' && onPorts(localPort!, port!)(e));
    const server = await watch.waitFor('server side opened', (e) => e.type === 'opened' && onPorts(port!, localPort!)(e));
    expect([client.connection.state, server.connection.state]).toEqual(['ESTABLISHED', 'ESTABLISHED']);
    expect([await ownerOf(client.id), await ownerOf(server.id)]).toEqual([actor.pid, actor.pid]);

    await actor.send({ op: 'end', id: 'C' }); // client sends FIN; the server side keeps its half open
    await watch.waitFor('client FIN_WAIT_2', (e) => e.id === client.id && e.to === 'FIN_WAIT_2');
    const closeWait = await watch.waitFor('server CLOSE_WAIT', (e) => e.id === server.id && e.to === 'CLOSE_WAIT');
    expect(closeWait).toMatchObject({ type: 'state-changed', from: 'ESTABLISHED', connection: { pid: actor.pid } });

    await actor.send({ op: 'end', id: `L:${localPort}` }); // server closes its half: it goes away, the client waits
    const timeWait = await watch.waitFor('client TIME_WAIT', (e) => e.id === client.id && e.to === 'TIME_WAIT');
    expect(timeWait.connection.pid).toBeNull(); // no process owns a TIME_WAIT socket
    await watch.waitFor('server side closed', (e) => e.id === server.id && e.type === 'closed');

    // FIN_WAIT_1 and LAST_ACK last microseconds on loopback: seen or not, the order is this.
    expect(statesOf(watch.events, client.id).filter((s) => s !== 'FIN_WAIT_1')).toEqual([
      'ESTABLISHED',
      'FIN_WAIT_2',
      'TIME_WAIT',
    ]);
    expect(statesOf(watch.events, server.id).filter((s) => s !== 'LAST_ACK')).toEqual(['ESTABLISHED', 'CLOSE_WAIT', 'closed']);
  });

  it('shows a SYN_SENT connection become ESTABLISHED once the listener accepts', async () => {
    const stuck = await actor.send({ op: 'stuck-listener', id: 'S', host: '127.0.0.1' });
    // Backlog 0 holds one completed connection; the next ones wait in SYN_SENT.
    await actor.send({ op: 'connect', id: 'C1', host: '127.0.0.1', port: stuck.port, wait: false });
    await actor.send({ op: 'connect', id: 'C2', host: '127.0.0.1', port: stuck.port, wait: false });
    const synSent = await watch.waitFor(
      'a SYN_SENT client',
      (e) => e.connection.remotePort === stuck.port && e.connection.state === 'SYN_SENT',
    );
    expect(await ownerOf(synSent.id)).toBe(actor.pid);
    await actor.send({ op: 'accept-one', id: 'S' });
    await actor.send({ op: 'accept-one', id: 'S' });
    const established = await watch.waitFor(
      'SYN_SENT → ESTABLISHED',
      (e) => e.id === synSent.id && e.type === 'state-changed' && e.to === 'ESTABLISHED',
      15_000, // the SYN is retransmitted after 1 s, then 3 s
    );
    expect(established.from).toBe('SYN_SENT');
  });

  it('shows a SYN_RECEIVED connection become ESTABLISHED when its first data arrives (TCP_DEFER_ACCEPT)', async () => {
    const deferred = await actor.send({ op: 'deferred-listener', id: 'D', host: '127.0.0.1' });
    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port: deferred.port });
    const synReceived = await watch.waitFor('the server side in SYN_RECEIVED', onPorts(deferred.port!, localPort!));
    expect(synReceived).toMatchObject({ type: 'opened', connection: { state: 'SYN_RECEIVED', pid: null } });
    await actor.send({ op: 'write', id: 'C', data: 'hello' });
    const established = await watch.waitFor(
      'SYN_RECEIVED → ESTABLISHED',
      (e) => e.id === synReceived.id && e.type === 'state-changed',
    );
    expect(established).toMatchObject({ from: 'SYN_RECEIVED', to: 'ESTABLISHED', connection: { pid: null } }); // in the accept queue: nobody holds it yet
  });

  it('numbers events 1, 2, 3, … without gaps', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '::1' });
    for (let i = 0; i < 5; i++) await actor.send({ op: 'connect', id: `C${i}`, host: '::1', port });
    // Its own sockets only: other test files run in parallel in the same namespace, and their sockets are in the table too.
    const mine = () => watch.events.filter((e) => e.connection.localPort === port || e.connection.remotePort === port);
    await watch.waitFor('the listener and ten connection ends', () => mine().filter((e) => e.type === 'opened').length >= 11);
    expect(watch.events.map((e) => e.seq)).toEqual(watch.events.map((_, i) => i + 1));
    expect(mine().every((e) => e.connection.family === 'ipv6' && e.connection.localAddress === '::1')).toBe(true);
  });

  it('keeps SO_REUSEPORT listeners on one port apart, and reports exactly the one that closes', async () => {
    const group = await actor.send({ op: 'reuseport', id: 'R', host: '127.0.0.1', count: 3 });
    const isGroup = (e: ConnectionEvent) => e.connection.localPort === group.port && e.connection.state === 'LISTEN';
    await watch.waitFor('three listeners', () => watch.events.filter((e) => e.type === 'opened' && isGroup(e)).length === 3);
    const opened = watch.events.filter((e) => e.type === 'opened' && isGroup(e));
    expect(new Set(opened.map((e) => e.id)).size).toBe(3);
    expect(new Set(opened.map((e) => e.connection.inode)).size).toBe(3);
    expect(opened.every((e) => e.connection.pid === group.pid)).toBe(true);

    await actor.send({ op: 'reuseport-close', id: 'R', index: 1 });
    const closed = await watch.waitFor('one listener closed', (e) => e.type === 'closed' && isGroup(e));
    await watch.settle(500); // a few more polls: nothing else may change
    expect(watch.events.filter((e) => isGroup(e) && e.type !== 'opened')).toEqual([closed]);
    expect(opened.map((e) => e.id)).toContain(closed.id);
  });
});
