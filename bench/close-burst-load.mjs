#!/usr/bin/env node
// The load of bench/close-burst.mjs: loopback connections made and reset at a steady rate, so each
// one frees both its sockets at once (an RST leaves no TIME_WAIT). Bounded: --seconds (at most 30),
// and it exits when its parent goes away (stdin closes).
//
//   node bench/close-burst-load.mjs --per-second 1000 --seconds 5
//     → prints {"port":N} when listening, then {"made":M} when done
import net from 'node:net';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const perSecond = Math.min(arg('--per-second', 1000), 5000);
const seconds = Math.min(arg('--seconds', 5), 30);
process.stdin.on('end', () => process.exit(0)).resume();
setTimeout(() => process.exit(1), (seconds + 20) * 1000).unref();

const server = net.createServer((s) => s.on('error', () => {}).resume());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const perTick = Math.max(1, Math.round(perSecond / 100));
  let made = 0;
  let pending = 0;
  const ticks = seconds * 100;
  let tick = 0;
  const timer = setInterval(() => {
    if (tick++ >= ticks) {
      clearInterval(timer);
      const done = setInterval(() => {
        if (pending > 0) return;
        clearInterval(done);
        process.stdout.write(`${JSON.stringify({ made })}\n`);
      }, 20);
      return;
    }
    for (let i = 0; i < perTick; i++) {
      pending++;
      const s = net.connect(port, '127.0.0.1', () => {
        made++;
        s.resetAndDestroy();
      });
      s.on('error', () => {}).on('close', () => pending--);
    }
  }, 10);
});
