#!/usr/bin/env node
// The Prometheus metrics' cost (issue 12), with the sockets already open (called by bench/bench.mjs):
//   scrape   one `GET /metrics` body (registry.metrics()) at the whole table       ≤ 5 ms
//   polling  the steady poll with the metrics sink fed each poll's events against
//            without it, interleaved in the same run                                ≤ 1.10 ×
// The sink keeps counts from events, so a scrape reads counters and never walks the table.
// Alone: node scripts/in-netns.mjs node bench/metrics.mjs [--sockets 40000] [--runs 9]
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle-source.mjs';
import { median, now, settle, timed, verdict } from './bench-util.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const SCRAPE_BUDGET_MS = 5;
const POLL_RATIO_BUDGET = 1.1;

/** A monitor whose events go (as JSON, the way the transports get them) to a metrics sink, or nowhere. */
async function monitorWith(lib, withMetrics) {
  let metrics = null;
  const monitor = new lib.Monitor(await lib.createDataSource(), {
    events: (message) => metrics?.events(lib.encodeJson(message)),
  });
  await monitor.pollOnce();
  await monitor.pollOnce();
  if (withMetrics) {
    metrics = new lib.SockscopeMetrics({
      snapshotTexts: async () => lib.encodeSnapshot(monitor.snapshot()),
      request: async () => {
        throw new Error('no requests in the bench');
      },
    });
    await settle(); // its snapshot
  }
  return { monitor, metrics };
}

export async function benchMetrics(lib, runs) {
  const plain = await monitorWith(lib, false);
  const fed = await monitorWith(lib, true);
  const polls = { plain: [], fed: [] };
  const scrapes = [];
  let text = '';
  for (let i = 0; i < runs; i++) {
    await settle();
    polls.plain.push(await timed(() => plain.monitor.pollOnce()));
    await settle();
    polls.fed.push(await timed(() => fed.monitor.pollOnce()));
    const t = now();
    text = await fed.metrics.text();
    scrapes.push(now() - t);
  }
  plain.monitor.stop();
  fed.monitor.stop();
  const listeners = /^sockscope_connections\{state="LISTEN",family="ipv4"\} (\d+)/m.exec(text)?.[1];
  const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  const scrape = median(scrapes);
  const ratio = median(polls.fed) / median(polls.plain);
  const scrapeOk = scrape <= SCRAPE_BUDGET_MS;
  const ratioOk = ratio <= POLL_RATIO_BUDGET;
  console.log(`\nmetrics (median of ${runs}; ${series} series, LISTEN ipv4 ${listeners}, ${text.length} bytes):`);
  console.log(
    `  scrape                  ${scrape.toFixed(2).padStart(7)} ms  (budget ${SCRAPE_BUDGET_MS} ms) ${verdict(scrapeOk)}`,
  );
  console.log(
    `  steady poll, fed        ${median(polls.fed).toFixed(1).padStart(7)} ms = ${ratio.toFixed(2)} × without (${median(polls.plain).toFixed(1)} ms; budget ${POLL_RATIO_BUDGET} ×) ${verdict(ratioOk)}`,
  );
  return scrapeOk && ratioOk;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? fallback : Number(process.argv[i + 1]);
  };
  const lib = await import(await bundle('bench/bench-lib.ts'));
  const generator = await spawnSocketGenerator(option('--sockets', 40_000), 300);
  console.log(`${generator.sockets} sockets open`);
  try {
    process.exitCode = (await benchMetrics(lib, option('--runs', 9))) ? 0 : 1;
  } finally {
    generator.stop();
  }
}
