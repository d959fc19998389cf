// `sockscope record`, `history` and `list --at` against real sockets, in a private network (and
// mount) namespace: what is recorded, what survives a SIGKILL, and each fault's one line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import type { TcpRow } from '../common/types';
import { RecordProcess } from '../../e2e/support/record-process';
import { runCli } from '../../e2e/support/serve-process';
import { SocketActor } from '../../e2e/support/socket-actor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let actor: SocketActor;
const recorders: RecordProcess[] = [];
const mounts: string[] = [];

function record(args?: string[]): RecordProcess {
  const r = new RecordProcess(dir, args);
  recorders.push(r);
  return r;
}

function historyJson(...args: string[]): ConnectionEvent[] {
  const r = runCli(['history', '--json', '--data-dir', dir, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ConnectionEvent);
}

/** Polls `history` (reading while the recorder writes) until `match` holds. */
async function recorded(
  what: string,
  match: (events: ConnectionEvent[]) => boolean,
  ...args: string[]
): Promise<ConnectionEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = historyJson(...args);
    if (match(events)) return events;
    if (Date.now() > deadline) throw new Error(`history never showed ${what}; it had ${events.length} events`);
    await sleep(200);
  }
}

/** A tmpfs over `target`, this mount namespace only. */
function mountTmpfs(target: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', target]);
  mounts.push(target);
}

const ports = (e: ConnectionEvent) => `${e.type} ${e.connection.localPort}→${e.connection.remotePort}`;

beforeEach(() => {
  expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-record-'));
  actor = new SocketActor(60);
});

afterEach(async () => {
  actor.stop();
  for (const r of recorders.splice(0)) await r.stop('SIGKILL');
  for (const m of mounts.splice(0)) execFileSync('umount', [m]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sockscope record, history and list --at', () => {
  it('records the opens and closes made while it runs; history lists them and list --at shows the table of a moment', async () => {
    const recorder = record();
    await recorder.line(/^sockscope record: recording into /);
    await sleep(600); // the starting table
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
    await sleep(700);
    const during = new Date().toISOString();
    await sleep(300);
    await actor.send({ op: 'destroy', id: 'C' });
    await actor.send({ op: 'close', id: 'L' });
    await sleep(700);
    expect(await recorder.stop()).toEqual({ code: 0, signal: null });

    const events = historyJson('--port', String(port));
    const client = events.filter((e) => e.connection.localPort === localPort);
    expect(client[0]).toMatchObject({ type: 'opened', connection: { state: 'ESTABLISHED', remotePort: port, pid: actor.pid } });
    // The client end leaves ESTABLISHED when it is destroyed (FIN_WAIT or straight to closed).
    expect(client.at(-1)?.type === 'closed' || client.some((e) => e.type === 'state-changed' && e.from === 'ESTABLISHED')).toBe(
      true,
    );
    expect(events.map(ports)).toEqual(
      expect.arrayContaining([
        `opened ${port}→0`,
        `opened ${localPort}→${port}`,
        `opened ${port}→${localPort}`,
        `closed ${port}→0`,
      ]),
    );
    expect(events.filter((e) => e.type === 'closed').map((e) => e.connection.localPort)).toEqual(expect.arrayContaining([port]));
    // Oldest first; seq rises by one per event.
    const seqs = historyJson().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
    // By process, and as text and CSV.
    // By process: its connections' whole story, including what came after it let go.
    const byPid = historyJson('--pid', String(actor.pid));
    expect(byPid.map(ports)).toEqual(expect.arrayContaining([`opened ${localPort}→${port}`, `closed ${port}→0`]));
    expect(byPid.every((e) => e.connection.pid === actor.pid || e.connection.pid === null)).toBe(true);
    const text = runCli(['history', '--data-dir', dir, '--port', String(port)]);
    expect(text.stdout).toMatch(new RegExp(`opened +TCP +127\\.0\\.0\\.1:${localPort} → 127\\.0\\.0\\.1:${port} +ESTABLISHED`));
    const csv = runCli(['history', '--csv', '--data-dir', dir, '--port', String(port)]).stdout.split('\n');
    expect(csv[0]).toMatch(/^seq,time,type,id,from,to,family,localAddress,/);

    const at = runCli(['list', '--at', during, '--json', '--data-dir', dir]);
    expect(at.code).toBe(0);
    const rows = JSON.parse(at.stdout) as TcpRow[];
    expect(rows.find((r) => r.localPort === localPort && r.remotePort === port)).toMatchObject({
      state: 'ESTABLISHED',
      pid: actor.pid,
    });
    expect(rows.find((r) => r.localPort === port && r.state === 'LISTEN')).toBeDefined();
    // After it closed, list --at no longer has it.
    const after = JSON.parse(runCli(['list', '--at', '-0s', '--json', '--data-dir', dir]).stdout) as TcpRow[];
    expect(after.find((r) => r.localPort === port && r.state === 'LISTEN')).toBeUndefined();
  });

  it('keeps what a SIGKILLed recorder had committed a poll earlier', async () => {
    const recorder = record();
    await recorder.line(/recording into/);
    await sleep(600);
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    const { localPort } = await actor.send({ op: 'connect', id: 'C', host: '127.0.0.1', port });
    // Read while it records (WAL: the reader does not wait for the writer).
    await recorded('the connection opening', (events) =>
      events.some((e) => e.type === 'opened' && e.connection.localPort === localPort),
    );
    await sleep(300); // a poll later
    expect(await recorder.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const events = historyJson('--port', String(port));
    expect(
      events
        .filter((e) => e.type === 'opened')
        .map((e) => e.connection.localPort)
        .sort(),
    ).toEqual([localPort, port, port].sort());
    const at = JSON.parse(runCli(['list', '--at', 'now', '--json', '--data-dir', dir]).stdout) as TcpRow[];
    expect(at.find((r) => r.localPort === localPort)?.state).toBe('ESTABLISHED');
  });

  it('refuses a bad time in one line', () => {
    const r = runCli(['history', '--since', 'yesterday', '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "sockscope history: --since must be an ISO-8601 time (2026-11-01T14:02:31Z) or relative to now (-10m, -2h, -7d), got 'yesterday'",
    );
    const none = runCli(['list', '--at', '-1h', '--data-dir', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      `sockscope list: no history recorded in ${dir} (run 'sockscope record', or serve / the desktop app, to record it)\n`,
    );
  });
});

describe('sockscope record’s faults: one line each, and the monitor goes on', () => {
  it('a second recorder into the same directory runs without recording and says so', async () => {
    const first = record();
    await first.line(/^sockscope record: recording into/);
    const second = record();
    expect(await second.line(/not recording/)).toBe(
      `sockscope record: not recording: another Sockscope is recording into ${dir} (pid ${first.pid}); this one runs without recording`,
    );
    await sleep(500);
    expect(second.running).toBe(true);
    expect(second.stderr.filter((l) => /^sockscope record: recording into/.test(l))).toEqual([]);
    expect(await second.stop()).toEqual({ code: 0, signal: null });
    // The first was undisturbed.
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    await recorded('the listener', (events) => events.some((e) => e.connection.localPort === port));
    expect(await first.stop()).toEqual({ code: 0, signal: null });
  });

  it('a damaged database is kept beside a new one', async () => {
    const file = path.join(dir, 'history.db');
    fs.writeFileSync(file, 'not a database');
    const recorder = record();
    const line = await recorder.line(/new history database/);
    expect(line).toMatch(
      new RegExp(
        `^sockscope record: started a new history database: ${file} was damaged \\(file is not a database\\); kept it as ${dir}/history\\.corrupt-\\d{8}T\\d{6}Z\\.db$`,
      ),
    );
    const aside = line.slice(line.lastIndexOf(' ') + 1);
    expect(fs.readFileSync(aside, 'utf8')).toBe('not a database');
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    await recorded('the listener', (events) => events.some((e) => e.connection.localPort === port));
    expect(await recorder.stop()).toEqual({ code: 0, signal: null });
  });

  it('a read-only data directory', async () => {
    mountTmpfs(dir, 'ro,size=1m');
    const recorder = record();
    expect(await recorder.line(/not recording/)).toBe(
      `sockscope record: not recording: ${dir} cannot be written (read-only file system)`,
    );
    await sleep(500);
    expect(recorder.running).toBe(true);
    expect(await recorder.stop()).toEqual({ code: 0, signal: null });
  });

  it('a full disk pauses recording, and it resumes when there is room; what was recorded stays', async () => {
    mountTmpfs(dir, 'size=4m');
    const recorder = record();
    await recorder.line(/recording into/);
    await sleep(600);
    const { port } = await actor.send({ op: 'listen', id: 'L', host: '127.0.0.1' });
    await recorded('the listener', (events) => events.some((e) => e.connection.localPort === port));
    // Fill the disk.
    const filler = path.join(dir, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    for (let i = 0; i < 40; i++) await actor.send({ op: 'connect', id: `C${i}`, host: '127.0.0.1', port });
    expect(await recorder.line(/recording paused/)).toBe(
      `sockscope record: recording paused: the disk holding ${dir} is full; it resumes when there is room`,
    );
    expect(recorder.running).toBe(true);
    fs.rmSync(filler);
    expect(await recorder.line(/recording resumed/, 15_000)).toBe('sockscope record: recording resumed');
    const { localPort } = await actor.send({ op: 'connect', id: 'D', host: '127.0.0.1', port });
    await recorded('a connection made after it resumed', (events) => events.some((e) => e.connection.localPort === localPort));
    // The listener, recorded before the disk filled, is still there.
    expect(historyJson('--port', String(port)).some((e) => e.type === 'opened' && e.connection.localPort === port)).toBe(true);
    expect(await recorder.stop()).toEqual({ code: 0, signal: null });
  });
});
