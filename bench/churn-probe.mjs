#!/usr/bin/env node
// A quick look (not the bench): steady poll times at N sockets, idle then under churn.
//   node scripts/in-netns.mjs node bench/churn-probe.mjs [--sockets 100000] [--per-second 1000] [--processes 4]
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { bundle } from './bundle-source.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const lib = await import(await bundle('bench/bench-lib.ts'));
const generator = await spawnSocketGenerator(option('--sockets', 100_000), 300);
const monitor = new lib.Monitor(await lib.createDataSource());
await monitor.pollOnce();
const time = async () => {
  const t = performance.now();
  await monitor.pollOnce();
  return performance.now() - t;
};
const idle = [];
for (let i = 0; i < 5; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  idle.push(await time());
}
const churn = spawn(
  process.execPath,
  [
    path.join(import.meta.dirname, 'churn.mjs'),
    '--per-second',
    String(option('--per-second', 1000)),
    '--processes',
    String(option('--processes', 4)),
    '--seconds',
    '60',
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
await new Promise((r) => readline.createInterface({ input: churn.stdout }).once('line', r));
await new Promise((r) => setTimeout(r, 2000));
const busy = [];
for (let i = 0; i < 10; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  busy.push(await time());
}
console.log(`idle ${idle.map((x) => x.toFixed(0)).join(' ')} → median ${median(idle).toFixed(1)} ms`);
console.log(`churn ${busy.map((x) => x.toFixed(0)).join(' ')} → median ${median(busy).toFixed(1)} ms`);
churn.kill();
monitor.stop();
generator.stop();
process.exit(0);
