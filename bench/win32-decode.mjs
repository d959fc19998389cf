#!/usr/bin/env node
// The Windows source's own cost, apart from the OS (issue 13): one poll's decode + join + cache
// work on fixture tables of 40 000 rows laid out as the IP Helper calls write them
// (native-bridge/win32/testing/decode-bench.ts: GetTcpTable2 + OWNER_MODULE for IPv4, the
// GetTcp6Table2 + OWNER_MODULE pair for IPv6), per row:
//   steady      a warm source (processes and modules cached)          ≤ 0.5 µs a row
//   first poll  a fresh source: every row decoded, module lookups within the per-poll budget
// The OS calls (the table calls, OpenProcess, GetOwnerModuleFromTcp*Entry) are not in it: they
// cannot run here. The budget is on the poll's CPU time (process.cpuUsage: this thread and V8's
// GC threads), which a busy shared machine does not inflate the way it does wall-clock time;
// both are printed. It runs in a process of its own, so the heap and threads of whoever calls it
// (bench.mjs has a monitor's worth by then) cost it nothing. Called by bench/bench.mjs, or alone
// (needs no build and no netns):
//   node bench/win32-decode.mjs [--rows 40000] [--runs 9]
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from './bundle-source.mjs';

export const STEADY_BUDGET_US_PER_ROW = 0.5;
/** Polls a source makes before it is timed as steady: its caches filled and its code compiled. */
const WARM_UP_POLLS = 5;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
/** Lets V8's concurrent GC of the last round finish before the next one is timed. */
const settle = () => new Promise((r) => setTimeout(r, 250));

/** Wall-clock and CPU milliseconds of one call. */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  await fn();
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/** Runs the measurement in a child process, which prints its lines (a budget and ok/OVER); false if over budget. */
export async function benchWin32Decode({ rows = 40_000, runs = 9 } = {}) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--rows', String(rows), '--runs', String(runs)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise((resolve, reject) => child.once('exit', resolve).once('error', reject));
  return code === 0;
}

/** The measurement, in this process. */
async function measure({ rows, runs }) {
  const lib = await import(await bundle('native-bridge/win32/testing/decode-bench.ts', 'win32-decode'));
  const warm = lib.decodeBench(rows, Infinity);
  for (let i = 0; i < WARM_UP_POLLS; i++) await warm.source.snapshot();
  const steady = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    steady.push(await timed(() => warm.source.snapshot()));
  }
  // Fresh sources after the steady runs, so their garbage is not collected during those.
  const first = [];
  let lookups = 0;
  for (let i = 0; i < runs; i++) {
    const cold = lib.decodeBench(rows);
    await settle();
    first.push(await timed(() => cold.source.snapshot()));
    lookups = cold.moduleLookups();
  }
  const perRow = (ms) => ((ms * 1000) / warm.rows).toFixed(3);
  const m = (samples, key) => median(samples.map((s) => s[key]));
  const ok = Number(perRow(m(steady, 'cpu'))) <= STEADY_BUDGET_US_PER_ROW;
  console.log(
    `\nWindows source, one poll's decode + join on fixture tables (${warm.rows} rows: ${warm.ipv4} IPv4, ${warm.ipv6} IPv6; no OS calls), median of ${runs}:`,
  );
  console.log(
    `  steady      ${m(steady, 'cpu').toFixed(1).padStart(6)} ms CPU = ${perRow(m(steady, 'cpu'))} µs a row (budget ${STEADY_BUDGET_US_PER_ROW}) ${ok ? 'ok' : 'OVER'}; ${m(steady, 'wall').toFixed(1)} ms wall = ${perRow(m(steady, 'wall'))} µs a row`,
  );
  console.log(
    `  first poll  ${m(first, 'cpu').toFixed(1).padStart(6)} ms CPU = ${perRow(m(first, 'cpu'))} µs a row (every row decoded, ${lookups} module lookups; not budgeted); ${m(first, 'wall').toFixed(1)} ms wall`,
  );
  return ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  measure({ rows: option('--rows', 40_000), runs: option('--runs', 9) }).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
