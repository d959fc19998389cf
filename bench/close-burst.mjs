#!/usr/bin/env node
// Short-lived connections under a burst (issue 9), with the bench's sockets open (called by
// bench/bench.mjs): a child makes --per-second connections a second and resets each at once, so
// both its sockets are freed (2 × per-second closes a second), while a monitor polls every second
// as the app does and hears the closes between polls from the kernel's socket-destroy notifications.
//   all      every close is reported, counted against the connections the child made      = 100 %
//   lost     the kernel dropped no notification (ENOBUFS) at the default receive buffer
//   cost     the time spent hearing and joining them, in ms per second of burst (printed)
// Alone: node scripts/in-netns.mjs node bench/close-burst.mjs [--per-second 1000] [--seconds 5] [--sockets N]
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle-source.mjs';
import { now, sleep, verdict } from './bench-util.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const root = path.resolve(import.meta.dirname, '..');

export async function benchCloseBurst(lib, { perSecond = 1000, seconds = 5 } = {}) {
  const closes = new Map(); // socket cookie of each close → how many times (ports are reused within the burst)
  let burstPort = 0;
  let shortLived = 0;
  let lostNote = null;
  const monitor = new lib.Monitor(await lib.createDataSource(), {
    events: (message) => {
      lostNote ??= message.status.shortLived?.note ?? null;
      for (const e of message.events) {
        const c = e.connection;
        if (e.type !== 'closed' || (c.localPort !== burstPort && c.remotePort !== burstPort) || c.remotePort === 0) continue;
        const key = c.cookie;
        closes.set(key, (closes.get(key) ?? 0) + 1);
        if (c.shortLived) shortLived++;
      }
    },
  });
  if (monitor.status().shortLived?.watching !== true) {
    console.log(`\nclose burst: skipped, socket-destroy notifications are not available (${monitor.status().shortLived?.note})`);
    monitor.stop();
    return true;
  }
  let heardMs = 0;
  const closeEndedNow = monitor.closeEndedNow.bind(monitor);
  monitor.closeEndedNow = () => {
    const started = now();
    try {
      return closeEndedNow();
    } finally {
      heardMs += now() - started;
    }
  };
  monitor.start();
  await monitor.firstPoll;
  const load = spawn(
    process.execPath,
    [path.join(root, 'bench', 'close-burst-load.mjs'), '--per-second', String(perSecond), '--seconds', String(seconds)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: load.stdout })[Symbol.asyncIterator]();
  burstPort = JSON.parse((await lines.next()).value).port;
  const { made } = JSON.parse((await lines.next()).value);
  await sleep(1500); // the last closes heard, and a poll after them
  monitor.stop();
  load.stdin.end();

  const reported = [...closes.values()].reduce((a, b) => a + b, 0);
  const twice = [...closes.values()].filter((n) => n > 1).length;
  const expected = 2 * made;
  const allOk = reported === expected && twice === 0;
  const lostOk = lostNote === null;
  console.log(
    `\nclose burst: ${made} connections made and reset in ${seconds} s (${((2 * made) / seconds).toFixed(0)} closes/s), polling every 1 s`,
  );
  console.log(
    `  reported ${reported} of ${expected} closes (${shortLived} short-lived, ${reported - shortLived} of connections a poll saw), ${twice} reported twice ${verdict(allOk)}`,
  );
  console.log(`  notifications lost: ${lostNote ?? 'none'} ${verdict(lostOk)}`);
  console.log(`  cost: hearing and joining them took ${(heardMs / seconds).toFixed(1)} ms per second of burst`);
  return allOk && lostOk;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  const lib = await import(await bundle('bench/bench-lib.ts'));
  const sockets = arg('--sockets', 0);
  const generator = sockets > 0 ? await spawnSocketGenerator(sockets, 300) : null;
  try {
    const ok = await benchCloseBurst(lib, { perSecond: arg('--per-second', 1000), seconds: arg('--seconds', 5) });
    process.exitCode = ok ? 0 : 1;
  } finally {
    generator?.stop();
  }
}
