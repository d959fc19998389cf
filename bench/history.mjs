// Recorded history in the benchmark (called by bench/bench.mjs with the sockets already open):
//   recording  the steady poll with recording on (its events JSON handed to the recorder's
//              thread, which writes it) against recording off, same run, with churn      ≤ 1.10 ×
//   list --at  `bin/sockscope list --at T --json` at the whole table (keyframe + events)  ≤ 0.5 × ss -tanp
//   --pid      `bin/sockscope history --pid N` over 1 000 000 recorded events          ≤ 200 ms
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOCKSCOPE = path.join(ROOT, 'bin', 'sockscope');
const RECORDING_BUDGET = 1.1;
const LIST_AT_BUDGET = 0.5;
const PID_QUERY_BUDGET_MS = 200;
const EVENTS = 1_000_000;
const PROCESSES = 200;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const verdict = (ok) => (ok ? 'ok' : 'OVER');
/** As bench.mjs: Node's start-up parses NODE_EXTRA_CA_CERTS where set, no cost of Sockscope's. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

function timeCommand(argv) {
  const t = now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: ENV, encoding: 'utf8' });
  const ms = now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.trim() || `status ${r.status}`}`);
  return ms;
}

const retention = { maxAgeMs: 7 * 86_400_000, maxBytes: 1024 ** 3 };

/** Steady polls of two warm monitors over the same table, one recording, polled in turns while connections churn. */
async function measureRecordingCost(lib, runs, dataDir) {
  const churn = spawn(process.execPath, [path.join(import.meta.dirname, 'churn.mjs'), '--seconds', '120'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => readline.createInterface({ input: churn.stdout }).once('line', resolve));
  const recorder = await lib.Recorder.start(
    { dataDir, retention },
    () => undefined,
    path.join(ROOT, 'out', 'main', 'history-worker.js'),
  );
  if (!recorder.status.recording) throw new Error(`the recorder is not recording: ${recorder.status.note}`);
  let started = false;
  let recordedEvents = 0;
  const recording = new lib.Monitor(
    await lib.createDataSource(),
    {
      events: (message) => {
        const json = lib.encodeJson(message);
        if (started) {
          recorder.record(json, recording.nextConnectionNumber);
          recordedEvents += message.events.length;
        } else {
          started = true;
          recorder.startRun(lib.encodeJson(recording.snapshot()));
        }
      },
    },
    { continueFrom: recorder.continueFrom ?? undefined },
  );
  // The same work but the hand-over: the poll worker serialises every poll for the UI anyway.
  const plain = new lib.Monitor(await lib.createDataSource(), { events: (message) => void lib.encodeJson(message) });
  /** Waits until the recorder has written everything handed to it (it answers in order). */
  const written = () => recorder.getHistory({ limit: 1 });
  for (let i = 0; i < 3; i++) {
    await recording.pollOnce();
    await plain.pollOnce();
  }
  await written();
  const on = [];
  const off = [];
  const writes = [];
  const timeRecording = async () => {
    await sleep(250);
    let t = now();
    await recording.pollOnce();
    on.push(now() - t);
    t = now();
    await written();
    writes.push(now() - t);
  };
  const timePlain = async () => {
    await sleep(250);
    const t = now();
    await plain.pollOnce();
    off.push(now() - t);
  };
  // In turns, each first every other round, so that neither always follows the other.
  for (let i = 0; i < 2 * runs; i++) {
    if (i % 2 === 0) {
      await timeRecording();
      await timePlain();
    } else {
      await timePlain();
      await timeRecording();
    }
  }
  recording.stop();
  plain.stop();
  await recorder.stop();
  churn.kill();
  const ratio = median(on) / median(off);
  const ok = ratio <= RECORDING_BUDGET;
  console.log(
    `\nrecorded history (median of ${2 * runs} rounds, ${recording.snapshot().connections.length} connections, connections churning):`,
  );
  console.log(
    `  steady poll recording ${median(on).toFixed(1)} ms vs not ${median(off).toFixed(1)} ms = ${ratio.toFixed(2)} × (budget ${RECORDING_BUDGET}) ${verdict(ok)}`,
  );
  console.log(
    `  (${recordedEvents} events recorded meanwhile; the recorder's thread took a median ${median(writes).toFixed(1)} ms more to write a poll)`,
  );
  return ok;
}

/** `list --at` a moment of the table just recorded (40 000 rows), against ss -tanp. */
function measureListAt(runs, dataDir) {
  const at = new Date().toISOString();
  const list = [process.execPath, SOCKSCOPE, 'list', '--at', at, '--json', '--data-dir', dataDir];
  const rows = JSON.parse(spawnSync(list[0], list.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, env: ENV }).stdout).length;
  const listAt = [];
  const ss = [];
  for (let i = 0; i < runs; i++) {
    ss.push(timeCommand(['ss', '-tanp']));
    listAt.push(timeCommand(list));
  }
  const ratio = median(listAt) / median(ss);
  const ok = ratio <= LIST_AT_BUDGET;
  console.log(
    `  list --at (${rows} rows) ${median(listAt).toFixed(1)} ms = ${ratio.toFixed(2)} × ss -tanp ${median(ss).toFixed(1)} ms (budget ${LIST_AT_BUDGET}) ${verdict(ok)}`,
  );
  return ok;
}

/** Records EVENTS synthetic events (through the recorder's own write path), then times `history --pid N`. */
function measurePidQuery(lib, runs, dataDir) {
  const recording = new lib.Recording({ dataDir, retention });
  const from = recording.open();
  const start = Date.now() - (EVENTS / 1000) * 1000; // 1 000 events a second, ending now
  const pidOf = (n) => 10_000 + (n % PROCESSES);
  const rowOf = (n, state) => ({
    family: 'ipv4',
    localAddress: '127.0.0.1',
    localPort: 1024 + (n % 60_000),
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    remotePort: 443,
    state,
    pid: pidOf(n),
    processName: `process-${n % PROCESSES}`,
    offloadState: null,
    createdAt: null,
    bytesSent: n * 10,
    bytesReceived: n * 20,
    rttMs: 0.05,
    inode: 1_000_000 + n,
    uid: 1000,
    user: 'user',
  });
  let seq = from.seq - 1;
  const id = (n) => `c${from.conn + n}`;
  recording.startRun({
    type: 'snapshot',
    epoch: 'bench',
    seq,
    time: new Date(start).toISOString(),
    connections: [],
    names: [],
    status: null,
  });
  const t0 = now();
  const perPoll = 1000;
  let opened = 0;
  for (let poll = 0; poll < EVENTS / perPoll; poll++) {
    const time = new Date(start + poll * 1000).toISOString();
    const events = [];
    // Half the poll's events open connections, half close the ones opened a poll before.
    for (let i = 0; i < perPoll / 2; i++) {
      const n = opened++;
      events.push({ seq: ++seq, time, type: 'opened', id: id(n), connection: rowOf(n, 'ESTABLISHED') });
      if (n >= perPoll / 2) {
        const old = n - perPoll / 2;
        events.push({ seq: ++seq, time, type: 'closed', id: id(old), connection: rowOf(old, 'ESTABLISHED') });
      }
    }
    recording.poll({ type: 'events', time, events, metrics: [], updates: [], status: null }, from.conn + opened);
  }
  const recordSeconds = (now() - t0) / 1000;
  recording.close();
  const stored = spawnSync(process.execPath, [SOCKSCOPE, 'history', '--json', '--data-dir', dataDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: ENV,
  });
  const count = stored.stdout.split('\n').filter((l) => l !== '').length;
  const bytes = fs.statSync(path.join(dataDir, 'history.db')).size;
  const pid = pidOf(7);
  const query = [process.execPath, SOCKSCOPE, 'history', '--pid', String(pid), '--data-dir', dataDir];
  const lines =
    spawnSync(query[0], query.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, env: ENV }).stdout.split('\n').length - 1;
  const times = [];
  for (let i = 0; i < runs; i++) times.push(timeCommand(query));
  const ms = median(times);
  const ok = ms <= PID_QUERY_BUDGET_MS;
  console.log(
    `  ${count} events recorded (in ${recordSeconds.toFixed(1)} s on one thread): ${(bytes / 2 ** 20).toFixed(0)} MiB, ${(((bytes / count) * 1e6) / 2 ** 20).toFixed(0)} MiB per million events`,
  );
  console.log(`  history --pid N (${lines} of them) ${ms.toFixed(1)} ms (budget ${PID_QUERY_BUDGET_MS} ms) ${verdict(ok)}`);
  return ok;
}

export async function benchHistory(lib, runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-bench-history-'));
  try {
    const costOk = await measureRecordingCost(lib, runs, path.join(dir, 'live'));
    const listOk = measureListAt(runs, path.join(dir, 'live'));
    const pidOk = measurePidQuery(lib, runs, path.join(dir, 'million'));
    return costOk && listOk && pidOk;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
