// What every bench module needs: a clock, medians and percentiles, timing a command or an async
// step, and the one line format (figure, budget, ok / OVER).
import { spawnSync } from 'node:child_process';
import WebSocket from 'ws';

export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
/** The p-th percentile (0..100) of `values`, nearest rank. */
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
export const verdict = (ok) => (ok ? 'ok' : 'OVER');

/** Lets this process's own background work (V8's concurrent GC of the last round) finish before timing the next thing. */
export const settle = () => sleep(250);

export async function timed(fn) {
  const t = now();
  await fn();
  return now() - t;
}

/** Runs a command to completion with its output thrown away; its wall time in ms. */
export function timeCommand(argv, env = process.env) {
  const t = now();
  const r = spawnSync('sh', ['-c', '"$0" "$@" >/dev/null', ...argv], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const ms = now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.error?.message ?? `status ${r.status}`})`);
  return ms;
}

/** `label  12.3 ms = 0.45 × base (budget 1) ok`, and whether it is within budget. */
export function ratioLine(label, ms, baseName, baseMs, budget) {
  const ratio = ms / baseMs;
  const ok = ratio <= budget;
  return { ok, line: `  ${label} ${ms.toFixed(1)} ms = ${ratio.toFixed(2)} × ${baseName} (budget ${budget}) ${verdict(ok)}` };
}

/** A WebSocket to the web shell whose `Sockscope UI:` URL is `url`, its token as a Bearer header (never in the ws URL). */
export function webShellSocket(url) {
  return new WebSocket(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/ws`, {
    headers: { Authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
  });
}
