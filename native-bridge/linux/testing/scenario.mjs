#!/usr/bin/env node
// Opens a small, fixed set of loopback TCP sockets in every interesting state, prints one
// JSON line describing them, and holds them until stdin closes (parent gone) or
// --hold-seconds pass (default 60). Used by the kernel tests and the fixture capture;
// run it inside the test network namespace (scripts/in-netns.mjs).
//
//   IPv4 and IPv6 listeners with an ESTABLISHED client each
//   a dual-stack listener on :: with an IPv4 client  → ::ffff:127.0.0.1 rows
//   a half-closed connection                         → FIN_WAIT_2 + CLOSE_WAIT
//   a connection closed by the client                → TIME_WAIT
//   a listener (backlog 1) whose process never accepts → full accept queue (rows with no
//                                                       inode, no owner) + SYN_SENT clients
//   a TCP_DEFER_ACCEPT listener and a client that sends nothing → SYN_RECEIVED (python3)
//
// With --held-listener it is instead that listener: listens, prints its port, then blocks its
// event loop (so nothing is accepted) until --hold-seconds pass or it is killed.
import net from 'node:net';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const holdIndex = process.argv.indexOf('--hold-seconds');
const holdSeconds = Math.min(holdIndex < 0 ? 60 : Number(process.argv[holdIndex + 1]), 300);
setTimeout(() => process.exit(0), holdSeconds * 1000).unref();
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0)); // so that 'exit' handlers (below) run

function listen(options, connectionListener = () => {}) {
  return new Promise((resolve, reject) => {
    const server = net.createServer(options.server ?? {}, connectionListener);
    server.once('error', reject);
    server.listen({ port: 0, ...options.listen }, () => resolve(server));
  });
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

const kept = []; // keeps sockets referenced for as long as we run
const keep = (s) => kept.push(s);

async function heldListener() {
  const server = await listen({ listen: { host: '127.0.0.1', backlog: 1 } }, keep);
  process.stdout.write(`${server.address().port}\n`, () => {
    // A blocked event loop accepts nothing, and still ends on time by itself.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdSeconds * 1000);
    process.exit(0);
  });
}

/** Starts a python3 listener with TCP_DEFER_ACCEPT (deferred-listener.py), killed when we exit. */
function startDeferredListener() {
  const script = fileURLToPath(new URL('deferred-listener.py', import.meta.url));
  const child = spawn('python3', [script, '127.0.0.1', String(holdSeconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`deferred-listener.py exited before listening (${code})`)));
    readline.createInterface({ input: child.stdout }).once('line', (port) => resolve({ pid: child.pid, port: Number(port) }));
  });
}

/** Starts the held listener (a process that never accepts), killed when we exit. */
function startHeldListener() {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--held-listener', '--hold-seconds', String(holdSeconds)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  process.on('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => {
      resolve({ pid: child.pid, port: Number(String(d).trim()) });
    });
  });
}

async function settle(ms) {
  await new Promise((r) => setTimeout(r, ms));
}

async function main() {
  const v4 = await listen({ listen: { host: '127.0.0.1' } }, keep);
  const v6 = await listen({ listen: { host: '::1', ipv6Only: true } }, keep);
  const dual = await listen({ listen: { host: '::', ipv6Only: false } }, keep);
  const halfOpen = await listen({ listen: { host: '127.0.0.1' }, server: { allowHalfOpen: true } }, keep);
  const closer = await listen({ listen: { host: '127.0.0.1' } }, keep);

  const clients = [
    await connect('127.0.0.1', v4.address().port),
    await connect('::1', v6.address().port),
    await connect('127.0.0.1', dual.address().port),
  ];
  const halfClosed = await connect('127.0.0.1', halfOpen.address().port);
  halfClosed.end(); // FIN from us; the server never answers with its own: FIN_WAIT_2 / CLOSE_WAIT
  const timeWait = await connect('127.0.0.1', closer.address().port);
  timeWait.end(); // we close first, the server follows: TIME_WAIT on our side

  const held = await startHeldListener();
  // Backlog 1: two connections fill the accept queue, later SYNs are dropped (SYN_SENT).
  const queued = [];
  for (let i = 0; i < 4; i++) {
    const s = net.connect({ host: '127.0.0.1', port: held.port });
    s.on('error', () => {});
    queued.push(s);
  }
  const deferred = await startDeferredListener();
  const silent = await connect('127.0.0.1', deferred.port); // ESTABLISHED here, SYN_RECEIVED there
  await settle(300);

  process.stdout.write(
    `${JSON.stringify({
      pid: process.pid,
      heldListenerPid: held.pid,
      deferredListenerPid: deferred.pid,
      ports: {
        v4: v4.address().port,
        v6: v6.address().port,
        dual: dual.address().port,
        halfOpen: halfOpen.address().port,
        closer: closer.address().port,
        held: held.port,
        deferred: deferred.port,
      },
    })}\n`,
  );
  kept.push(clients, halfClosed, timeWait, queued, silent);
}

(process.argv.includes('--held-listener') ? heldListener() : main()).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
