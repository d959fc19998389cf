#!/usr/bin/env node
// Linux source benchmark, as ratios against `ss` measured in the same run:
//
//   node scripts/in-netns.mjs node bench/source-bench.mjs [--sockets 40000] [--runs 9]
//
// Opens N loopback sockets (bench/sockets.mjs), then takes the median of --runs rounds of:
// `ss -tan`, `ss -tanp`, a warm snapshot() (owner cache full), a cold snapshot() (fresh
// source), and `sockscope list --json` as a whole process (bin/sockscope if it exists,
// else bench/list-json.ts, the same work). Rounds interleave the commands so that drift in
// machine load hits all of them alike. The TypeScript source is bundled with rolldown
// (bench/bundle-source.mjs) and run as plain JS, as a production build would run it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundle } from './bundle-source.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const BUDGETS = { warm: ['ss -tan', 0.7], cold: ['ss -tanp', 0.25], list: ['ss -tanp', 0.6], 'list (bin/sockscope)': ['ss -tanp', 0.6] };

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function timeCommand(argv) {
  const t = now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.error?.message ?? `status ${r.status}`})`);
  return ms;
}

async function main() {
  if (process.env.SOCKSCOPE_NETNS !== '1') {
    console.error('run me inside the test network namespace: node scripts/in-netns.mjs node bench/source-bench.mjs');
    process.exit(2);
  }
  const sockets = option('--sockets', 40_000);
  const runs = option('--runs', 9);

  const sourceUrl = await bundle('native-bridge/linux/source.ts');
  const listBundle = new URL(await bundle('bench/list-json.ts')).pathname;
  const cli = path.join(root, 'bin', 'sockscope');
  // The stand-in runs this tree's source; the real CLI runs whatever `npm run build` last
  // bundled (out/main/cli.js), so it is timed too, when built, but may lag behind.
  const listCommands = { list: [process.execPath, listBundle] };
  if (fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) listCommands['list (bin/sockscope)'] = [process.execPath, cli, 'list', '--json'];
  const { createLinuxSource } = await import(sourceUrl);

  const t0 = now();
  const generator = await spawnSocketGenerator(sockets, 600);
  console.log(`${generator.sockets} sockets open in ${(now() - t0).toFixed(0)} ms`);
  try {
    const warmSource = await createLinuxSource({});
    const warmRows = await warmSource.snapshot(); // fills the owner cache
    process.stdout.write(`source: ${warmSource.kind} (${warmSource.description}), ${warmRows.length} rows, ${warmRows.filter((r) => r.pid !== null).length} with pid\n`);

    const samples = { 'ss -tan': [], 'ss -tanp': [], warm: [], cold: [], coldWithCreate: [] };
    for (const name of Object.keys(listCommands)) samples[name] = [];
    for (let i = 0; i < runs; i++) {
      samples['ss -tan'].push(timeCommand(['sh', '-c', 'ss -tan >/dev/null']));
      let t = now();
      await warmSource.snapshot();
      samples.warm.push(now() - t);
      samples['ss -tanp'].push(timeCommand(['sh', '-c', 'ss -tanp >/dev/null']));
      t = now();
      const fresh = await createLinuxSource({});
      const t1 = now();
      await fresh.snapshot();
      samples.cold.push(now() - t1);
      samples.coldWithCreate.push(now() - t);
      fresh.close?.();
      for (const [name, argv] of Object.entries(listCommands)) samples[name].push(timeCommand(['sh', '-c', '"$0" "$@" >/dev/null', ...argv]));
    }
    warmSource.close?.();

    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    console.log(`\nmedian of ${runs} rounds, ${generator.sockets} sockets (list = bench/list-json.ts, the same work as \`sockscope list --json\`):`);
    console.log(`  ss -tan            ${m['ss -tan'].toFixed(1)} ms`);
    console.log(`  ss -tanp           ${m['ss -tanp'].toFixed(1)} ms`);
    console.log(`  cold incl. create  ${m.coldWithCreate.toFixed(1)} ms`);
    let ok = true;
    for (const [name, [base, budget]] of Object.entries(BUDGETS)) {
      if (m[name] === undefined) continue;
      const ratio = m[name] / m[base];
      const pass = ratio <= budget;
      ok &&= pass;
      console.log(`  ${name.padEnd(18)} ${m[name].toFixed(1).padStart(6)} ms = ${ratio.toFixed(2)} × ${base} (budget ${budget}) ${pass ? 'ok' : 'OVER'}`);
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    generator.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
