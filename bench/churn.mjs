#!/usr/bin/env node
// Connection churn for the benchmarks: opens and closes loopback connections at a steady rate,
// spread over several processes (churners are usually a few busy processes), so every poll has
// events to carry and new sockets whose owners must be found. Bounded: stops after --seconds
// (default 30, at most 900) or when its parent goes away (stdin closes).
//
//   node bench/churn.mjs [--per-second 500] [--processes 1] [--seconds 30]   → prints READY
//
// Each process holds a listener and, every 100 ms, closes the connections it opened last tick
// and opens a new batch: per-second / processes / 10 per tick.
import net from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const perSecond = Math.min(arg('--per-second', 500), 5000);
const processes = Math.min(Math.max(1, arg('--processes', 1)), 16);
const seconds = Math.min(arg('--seconds', 30), 900);
setTimeout(() => process.exit(0), seconds * 1000).unref();
process.stdin.on('end', () => process.exit(0)).resume();

/** One churning process: its own listener, and a batch of its own connections per tick. */
function churn(perTick) {
  const server = net.createServer((s) => s.on('error', () => {}).resume());
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    let open = [];
    setInterval(() => {
      for (const s of open) s.destroy();
      open = Array.from({ length: perTick }, () => net.connect(port, '127.0.0.1').on('error', () => {}));
    }, 100);
    process.stdout.write('READY\n');
  });
}

if (process.argv.includes('--child')) {
  churn(Math.max(1, Math.round(perSecond / 10)));
} else if (processes === 1) {
  churn(Math.max(1, Math.round(perSecond / 10)));
} else {
  const each = String(Math.round(perSecond / processes));
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [SCRIPT, '--child', '--per-second', each, '--seconds', String(seconds)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  let ready = 0;
  for (const child of children) {
    child.stdout.once('data', () => {
      if (++ready === children.length) process.stdout.write('READY\n');
    });
  }
}
