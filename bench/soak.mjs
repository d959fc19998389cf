// The soak (`npm run bench -- --soak 600`): `sockscope serve` for N seconds under churn (200 new
// connections a second), one WebSocket client following it. It checks what must hold however
// long the monitor runs:
//   RSS of the serve process, sampled every 10 s: the slope after the first minute ≤ 1 MiB/min
//   every event numbered once: 0 gaps, 0 duplicates
//   the client's table at the end equals a fresh snapshot's
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { now, sleep, verdict, webShellSocket } from './bench-util.mjs';

const root = path.resolve(import.meta.dirname, '..');
const SLOPE_BUDGET_MIB_PER_MIN = 1;
const SAMPLE_EVERY_MS = 10_000;
const WARM_UP_MS = 60_000;

function connect(url) {
  const ws = webShellSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A client's view of the table, kept from a snapshot and the events after it, as the renderer keeps it. */
class Follower {
  rows = new Map();
  lastSeq = null;
  events = 0;
  gaps = 0;
  duplicates = 0;
  seen = new Set();
  /** While set, messages wait in `held` instead of being applied (the end's comparison). */
  holding = false;
  held = [];

  receive(message) {
    if (this.holding) this.held.push(message);
    else if (message.type === 'snapshot') this.snapshot(message);
    else if (message.type === 'snapshotRows') for (const c of message.connections) this.rows.set(c.id, c.row);
    else if (message.type === 'events') this.apply(message);
  }

  snapshot(message) {
    this.rows = new Map(message.connections.map((c) => [c.id, c.row]));
    this.lastSeq = message.seq;
  }

  /** Applies events up to `until` (inclusive); later ones wait in `held`. */
  apply(message, until = Infinity) {
    for (const e of message.events) {
      if (this.seen.has(e.seq)) this.duplicates++;
      this.seen.add(e.seq);
      this.events++;
      if (this.lastSeq !== null && e.seq !== this.lastSeq + 1) this.gaps++;
      if (e.seq > until) continue;
      this.lastSeq = e.seq;
      if (e.type === 'closed') this.rows.delete(e.id);
      else this.rows.set(e.id, e.connection);
    }
    for (const m of message.metrics) {
      const row = this.rows.get(m.id);
      if (row) this.rows.set(m.id, { ...row, bytesSent: m.bytesSent, bytesReceived: m.bytesReceived, rttMs: m.rttMs });
    }
    for (const u of message.updates) if (this.rows.has(u.id)) this.rows.set(u.id, u.connection);
  }
}

/** A client's first snapshot, its parts put together (a big table crosses in several messages). */
function wholeSnapshot(lib, ws) {
  return new Promise((resolve) => {
    let head = null;
    let expected = 0;
    const onMessage = (data) => {
      const message = lib.decodeServerMessage(data.toString());
      if (message.type === 'snapshot') {
        head = { ...message, connections: [...message.connections] };
        expected = message.connections.length + (message.rowsToFollow ?? 0);
      } else if (message.type === 'snapshotRows' && head) head.connections.push(...message.connections);
      if (head && head.connections.length >= expected) {
        ws.off('message', onMessage);
        resolve(head);
      }
    };
    ws.on('message', onMessage);
  });
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Least-squares slope of (minutes, MiB) points. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxy = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const sameRow = (a, b) =>
  a.state === b.state &&
  a.pid === b.pid &&
  a.localAddress === b.localAddress &&
  a.localPort === b.localPort &&
  a.remoteAddress === b.remoteAddress &&
  a.remotePort === b.remotePort;

export async function soak(lib, seconds) {
  const serve = spawn(
    process.execPath,
    [path.join(root, 'bin', 'sockscope'), 'serve', '--port', '0', '--interval', '1000', '--no-resolve'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // serve runs until killed: whatever fails below, it must not outlive the soak.
  try {
    return await follow(lib, serve, seconds);
  } finally {
    serve.kill('SIGTERM');
  }
}

/** The soak itself, against a started serve process. */
async function follow(lib, serve, seconds) {
  const url = new URL(
    await new Promise((resolve) =>
      readline.createInterface({ input: serve.stdout }).once('line', (l) => resolve(l.split(' ').pop())),
    ),
  );
  const churn = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'churn.mjs'), '--per-second', '200', '--seconds', String(seconds + 30)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve) => readline.createInterface({ input: churn.stdout }).once('line', resolve));
  const follower = new Follower();
  const ws = await connect(url);
  ws.on('message', (data) => follower.receive(lib.decodeServerMessage(data.toString())));
  console.log(`\nsoak: sockscope serve for ${seconds} s, 200 new connections a second, one client following`);
  const t0 = now();
  const samples = [];
  while (now() - t0 < seconds * 1000) {
    await sleep(SAMPLE_EVERY_MS);
    samples.push([(now() - t0) / 60_000, rssMiB(serve.pid)]);
  }
  churn.kill();
  await sleep(2000);

  // The end: a fresh client's snapshot at seq S, against the follower's table at S (the follower
  // holds what arrives meanwhile, then applies it up to S only).
  follower.holding = true;
  const second = await connect(url);
  const fresh = await wholeSnapshot(lib, second);
  second.close();
  const deadline = now() + 10_000;
  const reached = () => follower.held.some((m) => m.type === 'events' && m.events.some((e) => e.seq >= fresh.seq));
  while ((follower.lastSeq ?? 0) < fresh.seq && !reached() && now() < deadline) await sleep(50);
  for (const m of follower.held) if (m.type === 'events') follower.apply(m, fresh.seq);
  const atSeq = follower.lastSeq === fresh.seq;
  const freshRows = new Map(fresh.connections.map((c) => [c.id, c.row]));
  let differ = 0;
  for (const [id, row] of freshRows) if (!follower.rows.has(id) || !sameRow(follower.rows.get(id), row)) differ++;
  for (const id of follower.rows.keys()) if (!freshRows.has(id)) differ++;
  ws.close();

  const after = samples.filter(([minutes]) => minutes * 60_000 >= WARM_UP_MS);
  const rate = after.length >= 2 ? slope(after) : NaN;
  const slopeOk = rate <= SLOPE_BUDGET_MIB_PER_MIN;
  const countsOk = follower.gaps === 0 && follower.duplicates === 0;
  const tableOk = atSeq && differ === 0;
  console.log(`  RSS ${samples.map(([, mib]) => mib.toFixed(0)).join(' ')} MiB (every ${SAMPLE_EVERY_MS / 1000} s)`);
  console.log(
    `  RSS slope after the first minute ${rate.toFixed(2)} MiB/min (budget ${SLOPE_BUDGET_MIB_PER_MIN}) ${verdict(slopeOk)}`,
  );
  console.log(`  ${follower.events} events: ${follower.gaps} gaps, ${follower.duplicates} duplicates ${verdict(countsOk)}`);
  console.log(
    `  the client's table at seq ${fresh.seq} against a fresh snapshot: ${freshRows.size} rows, ${differ} differ ${verdict(tableOk)}${atSeq ? '' : ` (the client reached only seq ${follower.lastSeq})`}`,
  );
  return slopeOk && countsOk && tableOk;
}
