import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorStatus, StatusMessage } from '../common/contract/messages';
import { MonitorHost } from './monitor-host';
import type { SnapshotTexts } from '../common/contract/snapshot-parts';
import { WORKER_RESOURCE_LIMITS } from './worker-heap';

const workerPath = path.join(__dirname, 'testing', 'fake-poll-worker.mjs');

function recordingListeners() {
  const statuses: MonitorStatus[] = [];
  let resets = 0;
  return {
    statuses,
    get resets() {
      return resets;
    },
    listeners: {
      events: () => undefined,
      status: (json: string) => statuses.push((JSON.parse(json) as StatusMessage).status),
      reset: () => void resets++,
      names: () => undefined,
    },
  };
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MonitorHost', () => {
  let host: MonitorHost | undefined;
  afterEach(async () => {
    delete process.env.FAKE_WORKER_FATAL;
    await host?.stop();
    host = undefined;
  });

  it('resolves names unless told not to', async () => {
    host = await MonitorHost.start(recordingListeners().listeners, { workerPath });
    const resolving = (JSON.parse((await host.snapshotTexts())[0]) as { status: MonitorStatus }).status.resolveNames;
    await host.stop();
    host = await MonitorHost.start(recordingListeners().listeners, { workerPath, resolveNames: false });
    const notResolving = (JSON.parse((await host.snapshotTexts())[0]) as { status: MonitorStatus }).status.resolveNames;
    expect([resolving, notResolving]).toEqual([true, false]);
  });

  it('restarts a dead worker with what the user chose, tells clients why while it cannot, and resyncs them', async () => {
    const rec = recordingListeners();
    host = await MonitorHost.start(rec.listeners, { workerPath, intervalMs: 1000 });
    await host.request('setIntervalMs', { intervalMs: 5000 });
    await host.request('setResolveNames', { resolve: false });

    // The worker dies, and its first restart fails.
    process.env.FAKE_WORKER_FATAL = '1';
    await expect(host.request('getProcess', { pid: 999 })).rejects.toThrow(/restarted/);
    await until('a status naming the failure', () => rec.statuses.some((s) => s.error !== null));
    const failure = rec.statuses.find((s) => s.error !== null);
    expect(failure?.error?.message).toBe('the monitor stopped and cannot start again: cannot open the data source: EACCES');
    expect(failure).toMatchObject({ intervalMs: 5000, resolveNames: false });
    expect(rec.resets).toBe(0);

    // It keeps trying; once it can start, clients resync and the user's choices hold.
    delete process.env.FAKE_WORKER_FATAL;
    await until('a resync', () => rec.resets === 1, 15_000);
    expect(rec.statuses.at(-1)).toMatchObject({ intervalMs: 5000, resolveNames: false, error: null });
    const snapshot = JSON.parse((await host.snapshotTexts())[0]) as { status: MonitorStatus };
    expect(snapshot.status).toMatchObject({ intervalMs: 5000, resolveNames: false });
  }, 30_000);

  // V8 takes its heap-growing factor from the heap's maximum: the worker's bound keeps its old space from swinging ~4× the live heap.
  it('runs the worker with its old generation bounded by WORKER_RESOURCE_LIMITS', async () => {
    host = await MonitorHost.start(recordingListeners().listeners, { workerPath });
    const { heapSizeLimit } = JSON.parse((await host.snapshotTexts())[0]) as { heapSizeLimit: number };
    const oldMb = WORKER_RESOURCE_LIMITS.maxOldGenerationSizeMb!;
    // The limit is the old generation's plus the young one's.
    expect(heapSizeLimit / 2 ** 20).toBeGreaterThanOrEqual(oldMb);
    expect(heapSizeLimit / 2 ** 20).toBeLessThan(oldMb + 256);
  });

  it('rejects start with a one-line reason when the source cannot be opened', async () => {
    process.env.FAKE_WORKER_FATAL = '1';
    await expect(MonitorHost.start(recordingListeners().listeners, { workerPath })).rejects.toThrow(
      'cannot open the data source: EACCES',
    );
  });

  it('serialises the table once for many clients asking at once, and again once the monitor has pushed', async () => {
    host = await MonitorHost.start(recordingListeners().listeners, { workerPath });
    const served = async (texts: Promise<SnapshotTexts>) => (JSON.parse((await texts)[0]) as { served: number }).served;
    const tenTabs = await Promise.all(Array.from({ length: 10 }, () => served(host!.snapshotTexts())));
    expect(tenTabs).toEqual(Array(10).fill(1));
    expect(await served(host.snapshotTexts())).toBe(1); // nothing pushed since: still current
    await host.request('setIntervalMs', { intervalMs: 2000 }); // the status push makes the cached table stale
    expect(await served(host.snapshotTexts())).toBe(2);
  });

  it('notices a worker stuck in a blocking call: says where, serves the last table, refuses requests, and replaces it', async () => {
    const rec = recordingListeners();
    host = await MonitorHost.start(rec.listeners, {
      workerPath,
      watchdog: { pingEveryMs: 100, stuckAfterMs: 400 },
      replaceStuckAfterMs: 1500,
    });
    const before = await host.snapshotTexts();
    void host.request('getProcess', { pid: 998 }).catch(() => undefined); // its thread blocks from now
    await until('a status saying it is stuck', () => rec.statuses.some((s) => s.error?.message.includes('has not answered')));
    const stuck = rec.statuses.find((s) => s.error?.message.includes('has not answered'));
    expect(stuck?.error?.message).toMatch(
      /^the monitor has not answered for \d+ s \(stuck reading \/fake\/net\/tcp\); showing the last table$/,
    );
    // A new client still gets a table, and a request an answer, at once.
    await expect(host.snapshotTexts()).resolves.toBe(before);
    await expect(host.request('getProcess', { pid: 1 })).rejects.toThrow(/not answered .*try again in a moment/);
    // A fresh worker takes over; clients are told to resync.
    await until('a resync from the fresh worker', () => rec.resets >= 1, 10_000);
    await expect(host.request('getProcess', { pid: 1 })).resolves.toBeDefined();
  }, 20_000);
});
