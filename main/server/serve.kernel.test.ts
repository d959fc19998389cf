// `sockscope serve`: the headless web shell, for real, in a private network namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import WebSocket from 'ws';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import type { EventsMessage, SnapshotMessage } from '../common/contract/messages';
import { openConnection, ssLists } from '../../e2e/support/actor-connection';
import { SocketActor } from '../../e2e/support/socket-actor';
import { runCli, ServeProcess } from '../../e2e/support/serve-process';
import { connectFrames as connect } from '../../e2e/support/ws-frames';

describe('sockscope serve', () => {
  let serve: ServeProcess;
  let actor: SocketActor;

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    actor = new SocketActor(60);
    serve = await ServeProcess.start(['--port', '0', '--interval', '250']);
  });
  afterAll(async () => {
    actor.stop();
    expect(await serve.stop()).toBe(0);
  });

  it('prints one URL on 127.0.0.1 with a random token', () => {
    expect(serve.url.hostname).toBe('127.0.0.1');
    expect(serve.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('gives no page and no data without the token', async () => {
    for (const path of ['/', '/index.html', `/?token=${'x'.repeat(32)}`]) {
      const res = await fetch(`${serve.origin}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain('<script');
    }
    expect(await upgradeStatus(serve.wsUrl)).toBe(401);
    expect(await upgradeStatus(serve.wsUrl, { headers: { Authorization: `Bearer ${'x'.repeat(32)}` } })).toBe(401);
  });

  it('refuses the token in the WebSocket URL, and takes it as a cookie or a Bearer header', async () => {
    expect(await upgradeStatus(`${serve.wsUrl}?token=${encodeURIComponent(serve.token)}`)).toBe(401);
    const withCookie = await connect({
      wsUrl: serve.wsUrl,
      wsOptions: { headers: { Cookie: `sockscope_token_${serve.url.port}=${encodeURIComponent(serve.token)}` } },
    });
    expect(await withCookie.next((f) => f.type === 'snapshot')).toBeDefined();
    withCookie.ws.close();
    const withBearer = await connect(serve);
    expect(await withBearer.next((f) => f.type === 'snapshot')).toBeDefined();
    withBearer.ws.close();
  });

  it('trades the printed URL for a cookie: 303 to / with no token in the Location, then the page by cookie', async () => {
    const port = serve.url.port;
    const answer = await rawHttp(
      port,
      `GET /?token=${encodeURIComponent(serve.token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    const [head] = answer.split('\r\n\r\n');
    const lines = head.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 303 See Other');
    const header = (name: string) =>
      lines
        .find((l) => l.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim() ?? '';
    expect(header('location')).toBe('/');
    expect(header('set-cookie')).toBe(
      `sockscope_token_${port}=${encodeURIComponent(serve.token)}; HttpOnly; SameSite=Strict; Path=/`,
    );
    expect(header('cache-control')).toBe('no-store');
    const page = await rawHttp(
      port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${header('set-cookie').split(';')[0]}\r\nConnection: close\r\n\r\n`,
    );
    expect(page.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(page).toContain('<div id="root">');
    expect(page.toLowerCase()).not.toContain('set-cookie'); // the cookie is set once, by the 303
    // A script holding the token asks with the Bearer header instead.
    const byBearer = await fetch(`${serve.origin}/`, { headers: { Authorization: `Bearer ${serve.token}` } });
    expect(byBearer.status).toBe(200);
  });

  it('answers 421 to a Host it is not (DNS rebinding), over HTTP and WebSocket upgrades', async () => {
    const rawStatus = async (request: string): Promise<string> => (await rawHttp(serve.url.port, request)).split('\r\n')[0];
    const path = `/?token=${serve.token}`;
    const port = serve.url.port;
    expect(await rawStatus(`GET ${path} HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`)).toBe(
      'HTTP/1.1 421 Misdirected Request',
    );
    expect(await rawStatus(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n`)).toContain('421');
    expect(await rawStatus(`GET ${path} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`)).toContain('303');
    const upgrade = (host: string): string =>
      `GET /ws HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${serve.token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    expect(await rawStatus(upgrade(`evil.example:${port}`))).toBe('HTTP/1.1 421 Misdirected Request');
  });

  it('serves the UI with a strict CSP and the token as an HttpOnly cookie', async () => {
    const traded = await fetch(serve.url, { redirect: 'manual' });
    expect(traded.status).toBe(303);
    const cookie = traded.headers.get('set-cookie') ?? '';
    const res = await fetch(`${serve.origin}/`, { headers: { cookie: cookie.split(';')[0] } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // The page's scripts load with the cookie alone.
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${serve.origin}/${script}`, { headers: { cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('sends a snapshot on connect, then events as sockets change', async () => {
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    await new Promise((r) => setTimeout(r, 600));
    const { ws, next } = await connect(serve);
    const snapshot = (await next((f) => f.type === 'snapshot')) as SnapshotMessage;
    const listener = snapshot.connections.find((c) => c.row.localPort === port);
    expect(listener?.row).toMatchObject({ state: 'LISTEN', pid: actor.pid });
    expect(snapshot.status.source).toMatch(/^(netlink|proc)$/);

    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
    const batch = await next(
      (f) => f.type === 'events' && f.events.some((e) => e.type === 'opened' && e.connection.localPort === localPort),
    );
    if (batch.type !== 'events') throw new Error('unreachable');
    // The first event after the snapshot continues its numbering.
    expect(Math.min(...batch.events.map((e) => e.seq))).toBeGreaterThan(snapshot.seq);
    ws.close();
  });

  it('answers requests, and refuses invalid ones with a message naming the problem', async () => {
    const { ws, next } = await connect(serve);
    ws.send(JSON.stringify({ id: 1, method: 'setIntervalMs', params: { intervalMs: 2000 } }));
    const changed = await next((f) => f.type === 'response' && f.id === 1);
    expect(changed).toMatchObject({ ok: true, result: { intervalMs: 2000 } });
    ws.send(JSON.stringify({ id: 2, method: 'setIntervalMs', params: { intervalMs: 5 } }));
    expect(await next((f) => f.type === 'response' && f.id === 2)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/intervalMs must be an integer from 250 to 10000, got 5/),
    });
    ws.send(JSON.stringify({ id: 3, method: 'rm -rf', params: {} }));
    expect(await next((f) => f.type === 'response' && f.id === 3)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown method/),
    });
    ws.send(JSON.stringify({ id: 4, method: 'setIntervalMs', params: { intervalMs: 1000 } }));
    expect(await next((f) => f.type === 'response' && f.id === 4)).toMatchObject({ ok: true, result: { intervalMs: 1000 } });
    ws.close();
  });

  it.each([
    [
      'a request line that is no URL',
      (port: string) => `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      /^HTTP\/1\.1 400/,
    ],
    [
      'a malformed cookie',
      (port: string) =>
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: sockscope_token_${port}=%\r\nConnection: close\r\n\r\n`,
      /^HTTP\/1\.1 401/,
    ],
    [
      'a WebSocket upgrade from Origin: null (a sandboxed iframe), token or not',
      (port: string) =>
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${serve.token}\r\nOrigin: null\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      /^HTTP\/1\.1 401 Unauthorized\r\n[^]*\r\n\r\n401: this WebSocket takes upgrades from its own page only, not from another Origin\n$/,
    ],
  ])('refuses %s and keeps serving', async (_what, request, status) => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(serve.url.port), '127.0.0.1', () => socket.write(request(serve.url.port)));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      setTimeout(() => socket.destroy(), 2_000);
    });
    expect(answer).toMatch(status);
    expect((await fetch(serve.url, { redirect: 'manual' })).status).toBe(303);
  });

  it('is read-only without --allow-actions: the session says so, and actions are refused with one line', async () => {
    const readOnly =
      "this Sockscope web shell is read-only: start it with 'sockscope serve --allow-actions' to close connections or end processes";
    const c = await openConnection(actor, '127.0.0.1');
    const { ws, next } = await connect(serve);
    const opened = await openedEvent(next, c.localPort, c.port);
    ws.send(JSON.stringify({ id: 1, method: 'getSession', params: {} }));
    expect(await next((f) => f.type === 'response' && f.id === 1)).toMatchObject({
      ok: true,
      result: { actionsAllowed: false, actionsRefusal: readOnly, elevation: null },
    });
    ws.send(JSON.stringify({ id: 2, method: 'closeConnection', params: { id: opened.id } }));
    ws.send(JSON.stringify({ id: 3, method: 'endProcess', params: { pid: actor.pid } }));
    expect(await next((f) => f.type === 'response' && f.id === 2)).toEqual({
      type: 'response',
      id: 2,
      ok: false,
      error: readOnly,
    });
    expect(await next((f) => f.type === 'response' && f.id === 3)).toEqual({
      type: 'response',
      id: 3,
      ok: false,
      error: readOnly,
    });
    expect(ssLists(c)).toBe(true);
    expect(await actor.send({ op: 'pid' })).toMatchObject({ pid: actor.pid }); // still alive
    // Restarting elevated is the desktop app's alone.
    ws.send(JSON.stringify({ id: 4, method: 'restartElevated', params: {} }));
    expect(await next((f) => f.type === 'response' && f.id === 4)).toEqual({
      type: 'response',
      id: 4,
      ok: false,
      error: 'Restart as administrator is only in the desktop app: run sockscope serve as root / administrator instead',
    });
    ws.close();
  });

  it('names its cookie after its port, so two servers on one host do not overwrite each other', async () => {
    const cookie = (await fetch(serve.url, { redirect: 'manual' })).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^sockscope_token_${serve.url.port}=`));
  });

  it('exits 2 with one line when the port is taken', () => {
    const r = runCli(['serve', '--port', serve.url.port]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `sockscope serve: port ${serve.url.port} is already in use on 127.0.0.1; choose another with --port`,
    ]);
  });
});

type Next = Awaited<ReturnType<typeof connect>>['next'];

/** Sends one raw HTTP request to the serve under test and returns all it answered. */
async function rawHttp(port: string, request: string): Promise<string> {
  const sock = net.connect(Number(port), '127.0.0.1');
  sock.end(request);
  let text = '';
  for await (const chunk of sock) text += String(chunk);
  return text;
}

/** The HTTP status a WebSocket upgrade is refused with (0 if it opened). */
function upgradeStatus(url: string, options?: WebSocket.ClientOptions): Promise<number> {
  const ws = new WebSocket(url, options);
  return new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      resolve(0);
    });
  });
}

/** The opened event of the connection between these ports, as the UI gets it. */
async function openedEvent(next: Next, localPort: number, remotePort: number) {
  const batch = (await next(
    (f) =>
      f.type === 'events' &&
      f.events.some((e) => e.type === 'opened' && e.connection.localPort === localPort && e.connection.remotePort === remotePort),
  )) as EventsMessage;
  return batch.events.find((e) => e.connection.localPort === localPort && e.connection.remotePort === remotePort)!;
}

describe('sockscope serve --allow-actions', () => {
  let serve: ServeProcess;
  let actor: SocketActor;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    actor = new SocketActor(60);
    serve = await ServeProcess.start(['--port', '0', '--interval', '250', '--allow-actions']);
  });
  afterAll(async () => {
    actor.stop();
    for (const c of children) c.kill('SIGKILL');
    expect(await serve.stop()).toBe(0);
  });

  it('closes a connection over the WebSocket: the closed event comes before the answer, the peer is reset, ss lists it no more', async () => {
    const { ws, frames, next } = await connect(serve);
    const snapshot = (await next((f) => f.type === 'snapshot')) as SnapshotMessage;
    expect(snapshot.status.closeRefusal).toEqual({ ipv4: null, ipv6: null });
    ws.send(JSON.stringify({ id: 1, method: 'getSession', params: {} }));
    expect(await next((f) => f.type === 'response' && f.id === 1)).toMatchObject({
      result: { actionsAllowed: true, actionsRefusal: null },
    });

    for (const host of ['127.0.0.1', '::1']) {
      const c = await openConnection(actor, host);
      const opened = await openedEvent(next, c.localPort, c.port);
      const requestId = host === '::1' ? 3 : 2;
      ws.send(JSON.stringify({ id: requestId, method: 'closeConnection', params: { id: opened.id } }));
      const answer = await next((f) => f.type === 'response' && f.id === requestId);
      expect(answer, host).toEqual({ type: 'response', id: requestId, ok: true, result: { closed: true } });
      const closedAt = frames.findIndex(
        (f) => f.type === 'events' && f.events.some((e) => e.type === 'closed' && e.id === opened.id),
      );
      expect(closedAt, 'the closed event was pushed before the answer').toBeGreaterThanOrEqual(0);
      expect(closedAt).toBeLessThan(frames.indexOf(answer));
      expect(['ECONNRESET', 'EOF']).toContain((await actor.send({ op: 'wait-end', id: c.peerId })).ended);
      expect(ssLists(c)).toBe(false);
    }

    ws.send(JSON.stringify({ id: 4, method: 'closeConnection', params: { id: 'c999999' } }));
    expect(await next((f) => f.type === 'response' && f.id === 4)).toEqual({
      type: 'response',
      id: 4,
      ok: false,
      error: 'no such connection (it may have closed already)',
    });
    ws.close();
  });

  it('ends a process that ignores SIGTERM in two steps: exited false after the wait, then SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "process.on('SIGTERM', () => {}); setTimeout(() => {}, 60000); console.log('ready')"],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    await once(readline.createInterface({ input: child.stdout! }), 'line');
    const { ws, next } = await connect(serve);
    const started = Date.now();
    ws.send(JSON.stringify({ id: 1, method: 'endProcess', params: { pid: child.pid } }));
    expect(await next((f) => f.type === 'response' && f.id === 1)).toMatchObject({
      ok: true,
      result: { pid: child.pid, exited: false },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500); // it was given its few seconds
    expect(child.exitCode).toBeNull();

    const exit = once(child, 'exit');
    ws.send(JSON.stringify({ id: 2, method: 'endProcess', params: { pid: child.pid, force: true } }));
    expect(await next((f) => f.type === 'response' && f.id === 2)).toMatchObject({
      ok: true,
      result: { pid: child.pid, exited: true },
    });
    expect((await exit)[1]).toBe('SIGKILL');

    ws.send(JSON.stringify({ id: 3, method: 'endProcess', params: { pid: serve.pid, force: true } }));
    expect(await next((f) => f.type === 'response' && f.id === 3)).toEqual({
      type: 'response',
      id: 3,
      ok: false,
      error: `pid ${serve.pid} is Sockscope itself: Sockscope does not end it`,
    });
    ws.close();
  });
});

describe('CLI usage errors', () => {
  it.each([
    [['list', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--port', 'abc'], /--port must be an integer from 0 to 65535, got 'abc'/],
    [['watch', '--interval', '10'], /--interval must be an integer from 50 to 3600000, got '10'/],
    [['serve', '--interval', '100'], /--interval must be an integer from 250 to 10000, got '100'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['list', '--json', '--csv'], /choose one of --json and --csv/],
    [['serve', '--tls-cert', 'cert.pem'], /--tls-cert and --tls-key go together: give both or neither/],
  ])('sockscope %j exits 2 with usage', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: sockscope');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('CLI runtime failures', () => {
  // One convention for every command: what cannot start (its source, its files, its port) exits 2.
  it.each([
    [['list', '--proc-root', '/nonexistent'], 'sockscope list: procfs root /nonexistent cannot be read: ENOENT'],
    [['watch', '--proc-root', '/nonexistent'], 'sockscope watch: procfs root /nonexistent cannot be read: ENOENT'],
    [
      ['serve', '--port', '0', '--proc-root', '/nonexistent'],
      'sockscope serve: cannot start the monitor: procfs root /nonexistent cannot be read: ENOENT',
    ],
    [['list', '--proc', '--proc-root', '/etc/passwd'], 'sockscope list: procfs root /etc/passwd is not a directory'],
    [
      ['serve', '--port', '0', '--tls-cert', '/nonexistent.pem', '--tls-key', '/etc/passwd'],
      'sockscope serve: cannot read --tls-cert /nonexistent.pem: no such file',
    ],
    [
      ['serve', '--port', '0', '--tls-cert', '/etc/passwd', '--tls-key', '/etc/passwd'],
      expect.stringMatching(/^sockscope serve: cannot use --tls-cert \/etc\/passwd with --tls-key \/etc\/passwd: \S.*$/),
    ],
    [
      ['decode', '--table', 'tcp-table2', '/nonexistent.bin'],
      expect.stringMatching(/^sockscope decode: .*\/nonexistent\.bin.*$/),
    ],
  ])('sockscope %j exits 2 with one line naming the problem', (args, line) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([line]);
  });

  it('takes a negative number after --port as the value it is, and says what range it wants', () => {
    const r = runCli(['serve', '--port', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be an integer from 0 to 65535, got '-1'/);
  });
});
