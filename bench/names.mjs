// Names in the benchmark (called by bench/bench.mjs with the sockets already open):
//   steady   a warm monitor's poll, resolving names and not, against ss -tan in the same rounds
//                                                                       each ≤ 1.0 × ss -tan
//   burst    1 000 connections from distinct 127.1.x.y addresses (each with a PTR name from the
//            namespace's dnsmasq, scripts/in-netns.mjs), the poll worker polling every 250 ms:
//            the time from the poll that sees them to the last of their names  ≤ 2 s
//            its polls in the 2 s after (as the worker times them), against ss -tan over the same table
//                                                                       ≤ 1.0 × ss -tan
// Run as a script with --burst N, it is the burst itself: N connections from 127.1.x.y to one
// listener, both ends held until stdin closes or --hold-seconds pass.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { median, now, ratioLine, sleep, timeCommand, timed, verdict } from './bench-util.mjs';

const SCRIPT = import.meta.filename;
const ROOT = path.resolve(import.meta.dirname, '..');
const BURST = 1000;
const NAMES_BUDGET_MS = 2000;
const POLL_BUDGET = 1.0;
const BURST_POLL_EVERY_MS = 250;
/** Polls in this long after the burst are compared with ss -tan. */
const BURST_WINDOW_MS = 2_000;
const BURST_TIMEOUT_MS = 15_000;
const MAX_BURST = 60_000;

/** The n-th address of 127.1.0.0/16, skipping .0 and .255 of each /24. */
const sourceAddress = (n) => `127.1.${Math.floor(n / 254)}.${(n % 254) + 1}`;

const timeSsTan = () => timeCommand(['ss', '-tan']);
const pollLine = (label, ms, base) => ratioLine(label, ms, 'ss -tan', base, POLL_BUDGET);

/** Starts the burst child; resolves once its connections are all open. */
function startBurst(count) {
  const child = spawn(process.execPath, [SCRIPT, '--burst', String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the burst exited early (code ${code})`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      child.removeAllListeners('exit');
      if (line === 'READY') resolve({ stop: () => child.kill() });
      else reject(new Error(`the burst said: ${line}`));
    });
  });
}

/** A warm monitor's poll with and without names, interleaved with ss -tan. */
async function measureSteady(lib, runs) {
  const plain = new lib.Monitor(await lib.createDataSource());
  const resolving = new lib.Monitor(await lib.createDataSource(), {}, { resolveNames: true });
  for (const monitor of [plain, resolving]) {
    await monitor.pollOnce(); // the starting table: fills the owner cache (and, resolving, names it)
    await monitor.pollOnce();
  }
  const samples = { ss: [], plain: [], resolving: [] };
  for (let i = 0; i < runs; i++) {
    await sleep(250);
    samples.ss.push(timeSsTan());
    await sleep(250);
    samples.plain.push(await timed(() => plain.pollOnce()));
    await sleep(250);
    samples.resolving.push(await timed(() => resolving.pollOnce()));
  }
  plain.stop();
  resolving.stop();
  const ss = median(samples.ss);
  const without = pollLine('steady poll, names off', median(samples.plain), ss);
  const withNames = pollLine('steady poll, names on ', median(samples.resolving), ss);
  console.log(`\nnames: steady polls, median of ${runs} rounds (ss -tan ${ss.toFixed(1)} ms):`);
  console.log(without.line);
  console.log(withNames.line);
  return without.ok && withNames.ok;
}

/**
 * The monitor as the app runs it (MonitorHost: a poll worker, polling every 250 ms, the UI's
 * fastest) while 1 000 new remote addresses get their names. This thread only takes the
 * worker's messages meanwhile, so their arrival times are true; the worker times its own polls.
 */
async function measureBurst(lib) {
  const sources = new Set(Array.from({ length: BURST }, (_, i) => sourceAddress(i)));
  const named = new Map();
  const polls = []; // [arrival, poll ms]
  let seenAt = 0;
  let lastNameAt = 0;
  const host = await lib.MonitorHost.start(
    {
      events: (json) => {
        const message = JSON.parse(json);
        polls.push([now(), message.status.pollDurationMs]);
        if (!seenAt && message.events.some((e) => e.type === 'opened' && sources.has(e.connection.remoteAddress))) seenAt = now();
      },
      names: (json) => {
        for (const { address, host } of JSON.parse(json).names) {
          if (!sources.has(address)) continue;
          named.set(address, host);
          lastNameAt = now();
        }
      },
      status: () => undefined,
      reset: () => undefined,
    },
    { intervalMs: BURST_POLL_EVERY_MS, resolveNames: true, workerPath: path.join(ROOT, 'out', 'main', 'poll-worker.js') },
  );
  let burst;
  let hostRunning = true;
  const stopHost = () => (hostRunning ? ((hostRunning = false), host.stop()) : undefined);
  const ssSamples = [];
  try {
    while (polls.length < 4) await sleep(50); // the starting table, then warm polls
    burst = await startBurst(BURST);
    const deadline = now() + BURST_TIMEOUT_MS;
    while ((named.size < BURST || now() < seenAt + BURST_WINDOW_MS) && now() < deadline) await sleep(20);
    await stopHost();
    // ss over the same table (the burst still open), once the worker is quiet.
    for (let i = 0; i < 5; i++) {
      await sleep(100);
      ssSamples.push(timeSsTan());
    }
  } finally {
    burst?.stop();
    await stopHost();
  }
  const ss = median(ssSamples);
  const nullNames = [...named.values()].filter((h) => h === null).length;
  const namesMs = lastNameAt - seenAt;
  const namesOk = seenAt > 0 && named.size === BURST && nullNames === 0 && namesMs <= NAMES_BUDGET_MS;
  const before = polls.filter(([at]) => at < seenAt).slice(2);
  const after = polls.filter(([at]) => at > seenAt && at <= seenAt + BURST_WINDOW_MS);
  const ms = (list) => median(list.map(([, pollMs]) => pollMs));
  console.log(
    `\nnames: a burst of ${BURST} connections from distinct remote addresses (the poll worker, every ${BURST_POLL_EVERY_MS} ms):`,
  );
  console.log(
    `  all ${BURST} names known ${namesMs.toFixed(0)} ms after the poll that saw them (budget ${NAMES_BUDGET_MS}) ${verdict(namesOk)}` +
      (named.size < BURST || nullNames ? ` (${named.size} answered, ${nullNames} without a name)` : ''),
  );
  if (after.length === 0 || before.length === 0) {
    console.log('  too few polls around the burst to compare');
    return false;
  }
  const during = pollLine(`polls in the ${BURST_WINDOW_MS / 1000} s after (median of ${after.length})`, ms(after), ss);
  console.log(`  ss -tan over the same table: ${ss.toFixed(1)} ms`);
  console.log(during.line);
  console.log(`  polls before the burst: ${ms(before).toFixed(1)} ms (median of ${before.length}, for comparison)`);
  return namesOk && during.ok;
}

/** Prints the names lines; false if any is over its budget. */
export async function measureNames(lib, runs) {
  const steadyOk = await measureSteady(lib, runs);
  if (process.env.SOCKSCOPE_TEST_DNS !== '1') {
    console.log('\nnames: burst skipped: no test DNS server (dnsmasq is not installed)');
    return steadyOk;
  }
  return (await measureBurst(lib)) && steadyOk;
}

/** The burst child: `count` connections from distinct 127.1.x.y sources to one listener, held. */
async function runBurst(count, holdSeconds) {
  setTimeout(() => process.exit(0), holdSeconds * 1000).unref();
  process.stdin.on('end', () => process.exit(0)).resume();
  const held = [];
  const server = net.createServer({ pauseOnConnect: true }, (s) => held.push(s));
  await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve));
  const { port } = server.address();
  const clients = await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise((resolve, reject) => {
          const s = net.connect({ host: '127.0.0.1', port, localAddress: sourceAddress(i) }, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  const deadline = Date.now() + 10_000;
  while (held.length < clients.length && Date.now() < deadline) await sleep(10);
  process.stdout.write(held.length === clients.length ? 'READY\n' : `only ${held.length} of ${count} accepted\n`);
}

if (process.argv[1] === SCRIPT) {
  const i = process.argv.indexOf('--burst');
  const count = Number(process.argv[i + 1]);
  if (i < 0 || !Number.isInteger(count) || count < 1 || count > MAX_BURST) {
    console.error(`names.mjs: --burst must be an integer in 1..${MAX_BURST}`);
    process.exit(2);
  }
  runBurst(count, 120).catch((err) => {
    console.log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
