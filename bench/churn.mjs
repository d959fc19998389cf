#!/usr/bin/env node
// Connection churn for the event-loop benchmark: every 100 ms opens and closes a batch of loopback
// connections, so every poll has events to carry. Bounded: stops after --seconds (default 30) or
// when its parent goes away (stdin closes).
import net from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const perTick = Math.min(arg('--per-tick', 50), 500);
const seconds = Math.min(arg('--seconds', 30), 120);
setTimeout(() => process.exit(0), seconds * 1000).unref();
process.stdin.on('end', () => process.exit(0)).resume();

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
