import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackedConnection } from '../../common/contract/events';
import type { HistoryQuery } from '../../common/contract/requests';
import type { TcpRow } from '../../common/types';
import { row } from '../../common/testing/test-rows';
import { historyFile, openForReading } from './history-db';
import { Recording } from './recording';
import { StoreReader } from './store-reader';
import { recordedMonitor, type RecordedMonitor } from './testing/recorded-monitor';

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** A table in its JSON form, in id order (a table has no order of its own). */
const byId = (table: TrackedConnection[]) => json(table).sort((a, b) => a.id.localeCompare(b.id));
const withoutCounters = (table: TrackedConnection[]) =>
  byId(table).map((c) => ({ ...c, row: { ...c.row, bytesSent: undefined, bytesReceived: undefined, rttMs: undefined } }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const L = row({
  localPort: 8080,
  remoteAddress: '0.0.0.0',
  remotePort: 0,
  state: 'LISTEN',
  pid: 7,
  processName: 'server',
  inode: 1,
});
const C1 = row({ localPort: 40001, remotePort: 8080, pid: 7, processName: 'server', inode: 2, bytesSent: 10 });
// A TIME_WAIT entry has no tcp_info: no counters (the connection keeps those it was last seen with).
const C1_TIME_WAIT = row({ ...C1, state: 'TIME_WAIT', pid: null, processName: null, inode: 0, bytesSent: null });
const C2 = row({
  localPort: 40002,
  remoteAddress: '10.0.0.2',
  remotePort: 443,
  pid: 8,
  processName: 'browser',
  inode: 3,
  bytesSent: 1,
});
const C2_LATER = { ...C2, bytesSent: 99 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-history-'));
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A listener and a connection of pid 7, then pid 8's connection to 10.0.0.2:443; then they close. */
async function recordStory(recorded: RecordedMonitor) {
  const tables: [TcpRow[], string][] = [
    [[L, C1], 'starting table'],
    [[L, C1, C2], 'C2 opens'],
    [[L, C1_TIME_WAIT, C2], 'C1 enters TIME_WAIT'],
    [[L, C2_LATER], 'C1 closes; C2 counts bytes'],
    [[L], 'C2 closes'],
    [[], 'the listener closes'],
  ];
  const polls: { time: string; table: TrackedConnection[] }[] = [];
  for (const [rows] of tables) {
    polls.push(await recorded.poll(rows));
    await sleep(3); // each poll at its own millisecond
  }
  return polls;
}

describe('the recorder', () => {
  it('records every event; the store answers each query exactly as the monitor’s memory does', async () => {
    const recorded = recordedMonitor(dir);
    const polls = await recordStory(recorded);
    const reader = recorded.recording.reader!;
    const memory = recorded.monitor.memoryHistory;
    const all = memory.getHistory({ limit: 100 });
    expect(all.map((e) => `${e.type} ${e.connection.localPort}`)).toEqual([
      'opened 40002',
      'state-changed 40001',
      'closed 40001',
      'closed 40002',
      'closed 8080',
    ]);
    const queries: HistoryQuery[] = [
      { limit: 100 },
      { limit: 2 },
      { pid: 7, limit: 100 },
      { process: 'browser', limit: 100 },
      { remote: '10.0.0.2', limit: 100 },
      { port: 8080, limit: 100 },
      { state: 'TIME_WAIT', limit: 100 },
      { text: 'server !closed', limit: 100 },
      { text: '10.0.0.2:443', limit: 100 },
      { beforeSeq: all[2].seq, limit: 100 },
      { since: polls[2].time, until: polls[3].time, limit: 100 },
      { since: polls[5].time, limit: 100 },
      { until: polls[0].time, limit: 100 },
    ];
    for (const query of queries)
      expect(json(reader.getHistory(query)), JSON.stringify(query)).toEqual(json(memory.getHistory(query)));
    // A process's history goes on after it lets go: the TIME_WAIT and the close carry no pid.
    expect(reader.getHistory({ pid: 7, limit: 100 }).map((e) => `${e.type} ${e.connection.localPort}`)).toEqual([
      'state-changed 40001',
      'closed 40001',
      'closed 8080',
    ]);
    expect(reader.getHistory({ text: 'server !closed', limit: 100 }).map((e) => e.type)).toEqual(['state-changed']);
    recorded.stop();
  });

  it('rebuilds the table as it was after each poll, from the keyframe and the events after it', async () => {
    const recorded = recordedMonitor(dir);
    const polls = await recordStory(recorded);
    const reader = recorded.recording.reader!;
    // Counters move between events without one: a rebuilt row has them as of its keyframe or last event.
    for (const { time, table } of polls) {
      expect(withoutCounters(reader.getTableAt({ at: time }).connections), time).toEqual(withoutCounters(table));
      expect(withoutCounters(recorded.monitor.memoryHistory.getTableAt({ at: time }).connections), time).toEqual(
        withoutCounters(table),
      );
    }
    // Between two polls: the earlier one's table.
    const between = new Date(Date.parse(polls[2].time) + 1).toISOString();
    expect(withoutCounters(reader.getTableAt({ at: between }).connections)).toEqual(withoutCounters(polls[2].table));
    const before = new Date(Date.parse(polls[0].time) - 1000).toISOString();
    expect(() => reader.getTableAt({ at: before })).toThrow(
      `nothing recorded at ${before}: the history starts at ${polls[0].time}`,
    );
    recorded.stop();
  });

  it('rebuilds a table bigger than one read: a 25 000-row keyframe and 24 000 events after it', async () => {
    const recorded = recordedMonitor(dir);
    const rowsOf = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        row({
          localPort: 1024 + ((from + i) % 60_000),
          remotePort: 20_000 + Math.floor((from + i) / 60_000),
          inode: 100 + from + i,
        }),
      );
    const first = await recorded.poll(rowsOf(0, 25_000));
    await sleep(3);
    // Half the table closes and as many new connections open.
    const second = await recorded.poll([...rowsOf(12_000, 13_000), ...rowsOf(25_000, 12_000)]);
    const reader = recorded.recording.reader!;
    expect(reader.getHistory({ since: second.time, limit: 30_000 })).toHaveLength(24_000);
    expect(withoutCounters(reader.getTableAt({ at: first.time }).connections)).toEqual(withoutCounters(first.table));
    expect(withoutCounters(reader.getTableAt({ at: second.time }).connections)).toEqual(withoutCounters(second.table));
    recorded.stop();
  });

  it('counts events per time bucket for the timeline', async () => {
    const recorded = recordedMonitor(dir);
    const polls = await recordStory(recorded);
    const since = polls[0].time;
    const until = new Date(Date.parse(polls[5].time) + 1).toISOString();
    const buckets = 50;
    const timeline = recorded.recording.reader!.getTimeline({ since, until, buckets });
    const expected = new Array<number>(buckets).fill(0);
    for (const e of recorded.monitor.memoryHistory.getHistory({ limit: 100 })) {
      expected[Math.floor((Date.parse(e.time) - Date.parse(since)) / timeline.bucketMs)]++;
    }
    expect(timeline.counts).toEqual(expected);
    expect(timeline.counts.reduce((a, b) => a + b)).toBe(5);
    expect(timeline).toMatchObject({ since, until, recordedSince: since });
    expect(recorded.monitor.memoryHistory.getTimeline({ since, until, buckets }).counts).toEqual(expected);
    recorded.stop();
  });

  it('gives a process’s connections over a period, closed ones with the row they closed with', async () => {
    const recorded = recordedMonitor(dir);
    const polls = await recordStory(recorded);
    const reader = recorded.recording.reader!;
    const summary = (r: ReturnType<StoreReader['getProcessConnections']>) =>
      r.connections
        .map((c) => ({
          port: c.row.localPort,
          state: c.row.state,
          bytesSent: c.row.bytesSent,
          openedAt: c.openedAt,
          closedAt: c.closedAt,
        }))
        .sort((a, b) => a.port - b.port);
    expect(summary(reader.getProcessConnections({ pid: 7 }))).toEqual([
      { port: 8080, state: 'LISTEN', bytesSent: undefined, openedAt: null, closedAt: polls[5].time },
      { port: 40001, state: 'TIME_WAIT', bytesSent: 10, openedAt: null, closedAt: polls[3].time },
    ]);
    expect(summary(reader.getProcessConnections({ pid: 8 }))).toEqual([
      { port: 40002, state: 'ESTABLISHED', bytesSent: 99, openedAt: polls[1].time, closedAt: polls[4].time },
    ]);
    // After C1 closed, only the listener was pid 7's.
    expect(summary(reader.getProcessConnections({ pid: 7, since: polls[4].time })).map((c) => c.port)).toEqual([8080]);
    expect(summary(reader.getProcessConnections({ pid: 8, until: polls[0].time }))).toEqual([]);
    expect(json(recorded.monitor.memoryHistory.getProcessConnections({ pid: 8 }))).toEqual(
      json(reader.getProcessConnections({ pid: 8 })),
    );
    recorded.stop();
  });

  it('gives a connection whose owner was found a poll after it opened the time it opened', async () => {
    const recorded = recordedMonitor(dir);
    const unowned = row({ localPort: 40003, remotePort: 443, pid: null, processName: null, inode: 4 });
    const polls = [];
    for (const rows of [[L], [L, unowned], [L, { ...unowned, pid: 9, processName: 'late' }]]) {
      polls.push(await recorded.poll(rows));
      await sleep(3);
    }
    const expected = [{ port: 40003, openedAt: polls[1].time, closedAt: null }];
    const summary = (r: ReturnType<StoreReader['getProcessConnections']>) =>
      r.connections.map((c) => ({ port: c.row.localPort, openedAt: c.openedAt, closedAt: c.closedAt }));
    expect(summary(recorded.recording.reader!.getProcessConnections({ pid: 9 }))).toEqual(expected);
    expect(summary(recorded.monitor.memoryHistory.getProcessConnections({ pid: 9 }))).toEqual(expected);
    recorded.stop();
  });

  it('continues the seq and connection ids of the recorded history in a later run', async () => {
    const first = recordedMonitor(dir);
    await recordStory(first);
    const last = first.monitor.memoryHistory.getHistory({ limit: 1 })[0];
    first.stop();
    const second = recordedMonitor(dir);
    await second.poll([L]);
    const { table } = await second.poll([L, C2]);
    const [opened] = second.monitor.memoryHistory.getHistory({ limit: 10 });
    expect(opened.seq).toBe(last.seq + 1);
    const ids = table.map((c) => Number(c.id.slice(1)));
    expect(Math.min(...ids)).toBeGreaterThan(3);
    // Both runs in one history, each event once.
    const seqs = second.recording.reader!.getHistory({ limit: 100 }).map((e) => e.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    expect(seqs).toHaveLength(6);
    second.stop();
  });

  it('prunes records older than the retention age, keeping the keyframe the oldest kept moment needs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-01T00:00:00Z');
    vi.setSystemTime(start);
    const recorded = recordedMonitor(dir, { maxAgeMs: 7 * 86_400_000, maxBytes: 1024 ** 3 });
    // A new connection every hour for 9 days, the last one closing.
    for (let hour = 0; hour <= 9 * 24; hour++) {
      vi.setSystemTime(start + hour * 3_600_000);
      await recorded.poll([L, row({ localPort: 30000 + hour, inode: 10 + hour })]);
    }
    const now = Date.now();
    const reader = recorded.recording.reader!;
    const oldestKept = Date.parse(reader.recordedSince()!);
    expect(oldestKept).toBeGreaterThanOrEqual(now - 7 * 86_400_000 - 3_600_000);
    expect(oldestKept).toBeLessThanOrEqual(now - 7 * 86_400_000);
    expect(reader.getHistory({ until: new Date(now - 7 * 86_400_000 - 3_600_001).toISOString(), limit: 10 })).toEqual([]);
    // The oldest kept moment can still be rebuilt.
    expect(reader.getTableAt({ at: new Date(oldestKept).toISOString() }).connections.map((c) => c.row.localPort)).toContain(8080);
    expect(recorded.states.at(-1)?.status.since).toBe(new Date(oldestKept).toISOString());
    recorded.stop();
  });

  it('prunes the oldest records, in small steps, once the database is over its size; the newest stay', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-01T00:00:00Z');
    const maxBytes = 512 * 1024;
    const recorded = recordedMonitor(dir, { maxAgeMs: 7 * 86_400_000, maxBytes });
    const batch = (n: number) =>
      Array.from({ length: 200 }, (_, i) =>
        row({ localPort: 1000 + ((n * 200 + i) % 60000), inode: n * 200 + i + 1, processName: `p${'x'.repeat(60)}${n}` }),
      );
    for (let n = 0; n < 60; n++) {
      vi.setSystemTime(start + n * 120_000);
      await recorded.poll(batch(n));
    }
    const reader = recorded.recording.reader!;
    const newest = recorded.monitor.memoryHistory.getHistory({ limit: 1 })[0];
    expect(reader.getHistory({ limit: 1 })[0].seq).toBe(newest.seq);
    const oldest = reader.getHistory({ limit: 1_000_000 })[0];
    expect(oldest.seq).toBeGreaterThan(10_000); // 23 800 events were written; the first ones went
    expect(fs.statSync(historyFile(dir)).size).toBeLessThan(2 * maxBytes);
    recorded.stop();
  });
});

describe('the recorder’s faults', () => {
  it('keeps a damaged database aside, starts a new one beside it, and says so in one line', async () => {
    fs.writeFileSync(historyFile(dir), 'this is no database, and it is not lost either');
    const recorded = recordedMonitor(dir);
    const { status } = recorded.recording.state;
    expect(status.recording).toBe(true);
    const note = status.note ?? '';
    expect(note.split('\n')).toHaveLength(1);
    expect(note).toMatch(
      /^started a new history database: .*history\.db was damaged \(file is not a database\); kept it as (.*history\.corrupt-\d{8}T\d{6}Z\.db)$/,
    );
    const aside = /kept it as (.*)$/.exec(note)![1];
    expect(fs.readFileSync(aside, 'utf8')).toBe('this is no database, and it is not lost either');
    await recorded.poll([L]);
    await recorded.poll([L, C1]);
    recorded.stop();
    expect(new StoreReader(openForReading(dir)).getHistory({ limit: 10 }).map((e) => e.type)).toEqual(['opened']);
  });

  it('lets one recorder record into a directory; a second runs without, says so, and the first is undisturbed', async () => {
    const first = recordedMonitor(dir);
    await first.poll([L]);
    const second = new Recording({ dataDir: dir, retention: { maxAgeMs: 1, maxBytes: 1 } });
    expect(second.open()).toBeNull();
    expect(second.state).toEqual({
      readable: false,
      status: {
        recording: false,
        note: `not recording: another Sockscope is recording into ${dir} (pid ${process.pid}); this one runs without recording`,
        since: null,
      },
    });
    await first.poll([L, C1]);
    expect(first.recording.reader!.getHistory({ limit: 10 })).toHaveLength(1);
    first.stop();
    // Once the first has stopped, the directory is free.
    const third = new Recording({ dataDir: dir, retention: { maxAgeMs: 86_400_000, maxBytes: 1024 ** 3 } });
    expect(third.open()).not.toBeNull();
    third.close();
  });
});
