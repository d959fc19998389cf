// The churn scenario: a busy machine, where a monitor is most needed. N sockets (100 000 by
// default) held by long-lived processes, and a steady stream of new connections spread over a
// few churning processes. It measures, in the same run:
//   steady under churn                  ≤ 2 × the idle steady poll        (and against ss -tanp in the same churn)
//   idle steady                         ≤ 1.5 × the bare netlink dump (the floor)
//   time between the poll worker's update messages, polling every 1 s:  p95 ≤ interval + 10 %
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { median, now, percentile, settle, sleep, timeCommand, timed, verdict } from './bench-util.mjs';
import { spawnSocketGenerator } from './sockets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const CHURN_BUDGET = 2.0;
const FLOOR_BUDGET = 1.5;
const INTERVAL_MS = 1000;
const INTERVAL_SLACK = 1.1;

function startChurn(perSecond, processes, seconds) {
  const churn = spawn(
    process.execPath,
    [
      path.join(import.meta.dirname, 'churn.mjs'),
      '--per-second',
      String(perSecond),
      '--processes',
      String(processes),
      '--seconds',
      String(seconds),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve) => readline.createInterface({ input: churn.stdout }).once('line', () => resolve(churn)));
}

/** `rounds` steady polls a second apart (a monitor polls on a timer, not back to back), and the floor beside each. */
async function steadyPolls(lib, monitor, dump, rounds) {
  const polls = [];
  const floors = [];
  for (let i = 0; i < rounds; i++) {
    await sleep(INTERVAL_MS);
    polls.push(await timed(() => monitor.pollOnce()));
    await settle();
    floors.push(await timed(() => dump.dumpTcp(lib.holdsDone)));
  }
  return { poll: median(polls), floor: median(floors) };
}

/** The poll worker as the app runs it, polling every second: the gaps between its update messages. */
async function updateGaps(lib, seconds) {
  const arrivals = [];
  const errors = new Set();
  const host = await lib.MonitorHost.start(
    {
      // Only the polls' messages: closes heard between polls come as messages of their own (the field is last).
      events: (json) => json.endsWith('"betweenPolls":true}') || arrivals.push(now()),
      status: (json) => {
        const { error } = JSON.parse(json).status;
        if (error) errors.add(error.message);
      },
      names: () => {},
      reset: () => {},
    },
    { intervalMs: INTERVAL_MS, workerPath: path.join(root, 'out', 'main', 'poll-worker.js'), resolveNames: false },
  );
  await sleep(seconds * 1000);
  await host.stop();
  const gaps = arrivals.slice(3).map((t, i) => t - arrivals[i + 2]); // after the cold poll and its first successors
  return { p95: percentile(gaps, 95), max: Math.max(...gaps), count: gaps.length, errors: [...errors] };
}

export async function measureChurn(
  lib,
  { sockets = 100_000, perSecond = 1000, processes = 4, rounds = 7, gapSeconds = 20 } = {},
) {
  const t0 = now();
  const generator = await spawnSocketGenerator(sockets, 600);
  console.log(`\nchurn scenario: ${generator.sockets} sockets open in ${(now() - t0).toFixed(0)} ms`);
  const monitor = new lib.Monitor(await lib.createDataSource());
  const dump = new lib.SockDiagClient();
  let churn = null;
  try {
    await monitor.pollOnce();
    await monitor.pollOnce();
    const idle = await steadyPolls(lib, monitor, dump, rounds);
    const ssTanIdle = timeCommand(['ss', '-tan']);
    churn = await startChurn(perSecond, processes, 240);
    await sleep(3000); // the churners' first sockets found, the TIME_WAIT pile-up begun
    const busy = await steadyPolls(lib, monitor, dump, rounds);
    const ssTanp = timeCommand(['ss', '-tanp']);
    const gaps = await updateGaps(lib, gapSeconds);

    const churnRatio = busy.poll / idle.poll;
    const floorRatio = idle.poll / idle.floor;
    const gapBudget = INTERVAL_MS * INTERVAL_SLACK;
    const checks = [churnRatio <= CHURN_BUDGET, floorRatio <= FLOOR_BUDGET, gaps.p95 <= gapBudget];
    console.log(
      `  ${perSecond} new connections a second over ${processes} processes; ${monitor.snapshot().connections.length} rows at the end`,
    );
    console.log(
      `  idle steady ${idle.poll.toFixed(1)} ms (ss -tan ${ssTanIdle.toFixed(1)} ms) = ${floorRatio.toFixed(2)} × the bare dump ${idle.floor.toFixed(1)} ms (budget ${FLOOR_BUDGET}) ${verdict(checks[1])}`,
    );
    console.log(
      `  steady under churn ${busy.poll.toFixed(1)} ms = ${churnRatio.toFixed(2)} × idle steady (budget ${CHURN_BUDGET}) ${verdict(checks[0])}`,
    );
    console.log(
      `  ss -tanp in the same churn ${ssTanp.toFixed(0)} ms: steady under churn = ${(busy.poll / ssTanp).toFixed(2)} × ss -tanp; bare dump under churn ${busy.floor.toFixed(1)} ms`,
    );
    console.log(
      `  update messages polling every ${INTERVAL_MS} ms under churn: gap p95 ${gaps.p95.toFixed(0)} ms (budget ${gapBudget}) ${verdict(checks[2])}, max ${gaps.max.toFixed(0)} ms over ${gaps.count} gaps`,
    );
    for (const error of gaps.errors) console.log(`  a poll failed meanwhile: ${error}`);
    return checks.every(Boolean);
  } finally {
    churn?.kill();
    monitor.stop();
    dump.close();
    generator.stop();
  }
}
