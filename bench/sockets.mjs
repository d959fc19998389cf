#!/usr/bin/env node
// Bounded loopback socket generator for benchmarks: opens N sockets as N/2 TCP connections
// (client + accepted end) to listeners on 127.0.0.1 and ::1, prints READY, then holds them
// until killed, until its stdin closes (parent gone) or until --hold-seconds pass.
//
//   node bench/sockets.mjs --count 40000 [--hold-seconds 300]
//
// One process may not hold 40 000 fds here (hard RLIMIT_NOFILE is 20 000 and raising it needs
// CAP_SYS_RESOURCE, which containers often lack), so the sockets are spread over shard child
// processes of at most SHARD_SIZE sockets each: also closer to a real machine, where sockets
// belong to many processes. Only loopback addresses are ever used.
import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAX_COUNT = 100_000;
const MAX_HOLD_SECONDS = 600;
const SHARD_SIZE = 10_000;
/** Connections in flight at once: stays below the listener backlog (somaxconn 4096 by default). */
const BATCH = 1000;
const SCRIPT = fileURLToPath(import.meta.url);

function parseArgs(argv) {
  const opts = { count: 1000, holdSeconds: 300, shard: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--shard') {
      opts.shard = true;
      continue;
    }
    const value = Number(argv[++i]);
    if (argv[i - 1] === '--count') opts.count = value;
    else if (argv[i - 1] === '--hold-seconds') opts.holdSeconds = value;
    else throw new Error(`sockets.mjs: unknown option ${argv[i - 1]}`);
  }
  if (!Number.isInteger(opts.count) || opts.count < 2 || opts.count > MAX_COUNT) {
    throw new Error(`sockets.mjs: --count must be an integer in 2..${MAX_COUNT}`);
  }
  if (!(opts.holdSeconds > 0 && opts.holdSeconds <= MAX_HOLD_SECONDS)) {
    throw new Error(`sockets.mjs: --hold-seconds must be in (0, ${MAX_HOLD_SECONDS}]`);
  }
  return opts;
}

function listen(host) {
  return new Promise((resolve, reject) => {
    const held = [];
    const server = net.createServer({ pauseOnConnect: true }, (s) => held.push(s));
    server.on('error', reject);
    server.listen({ host, port: 0, backlog: 4096, ipv6Only: host === '::1' }, () => resolve({ server, held }));
  });
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port }, () => resolve(s));
    s.once('error', reject);
  });
}

/** One process's share: count/2 connections, both ends held here. */
async function runShard(count) {
  const listeners = [await listen('127.0.0.1'), await listen('::1')];
  const clients = [];
  const connections = Math.floor(count / 2);
  for (let done = 0; done < connections;) {
    const batch = [];
    for (let i = 0; i < BATCH && done < connections; i++, done++) {
      const { address, port } = listeners[done % 2].server.address();
      batch.push(connect(address, port));
    }
    clients.push(...(await Promise.all(batch)));
  }
  // Wait until every connection is accepted, so the table is stable when we say READY.
  const accepted = () => listeners[0].held.length + listeners[1].held.length;
  const deadline = Date.now() + 30_000;
  while (accepted() < connections) {
    if (Date.now() > deadline) throw new Error(`sockets.mjs: only ${accepted()} of ${connections} accepted`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return clients.length + accepted();
}

/** Starts one child running this script; resolves with it once it printed READY. */
function spawnReady(args) {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`socket generator exited early (code ${code})`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ child, sockets: Number(m[1]) });
      }
    });
  });
}

/**
 * Starts the generator as a child; resolves once all its sockets are open. The generator
 * (and its shards) die with their parent (stdin pipe) and after `holdSeconds` at the latest.
 */
export async function spawnSocketGenerator(count, holdSeconds = 300) {
  const { child, sockets } = await spawnReady(['--count', String(count), '--hold-seconds', String(holdSeconds)]);
  return { child, sockets, stop: () => child.kill() };
}

async function main() {
  const { count, holdSeconds, shard } = parseArgs(process.argv.slice(2));
  // Exit by ourselves whatever happens: time limit, or parent gone (stdin closed).
  setTimeout(() => process.exit(0), holdSeconds * 1000).unref();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();

  let total = 0;
  if (shard) {
    total = await runShard(count);
  } else {
    const shards = Math.ceil(count / SHARD_SIZE);
    const sizes = Array.from({ length: shards }, (_, i) => Math.floor(count / shards) + (i < count % shards ? 1 : 0));
    // One at a time: shards connecting at once would overflow each other's accept backlog sooner.
    for (const size of sizes) {
      const { sockets } = await spawnReady(['--shard', '--count', String(size), '--hold-seconds', String(holdSeconds)]);
      total += sockets;
    }
  }
  process.stdout.write(`READY ${total}\n`);
}

if (process.argv[1] === SCRIPT) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
