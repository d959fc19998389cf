import { describe, expect, it } from 'vitest';
import type { MonitorPort } from '../common/contract/monitor-port';
import type { MonitorStatus } from '../common/contract/messages';
import { serveRequest } from './serve-request';

const STATUS: MonitorStatus = {
  source: 'proc',
  sourceDescription: '',
  paused: false,
  intervalMs: 1000,
  lastGoodPollAt: null,
  error: null,
  pollDurationMs: null,
  resolveNames: true,
};

/** A monitor that records what reaches it. */
function recordingMonitor() {
  const calls: Array<{ method: string; params: unknown }> = [];
  const monitor: MonitorPort = {
    snapshotJson: async () => '{}',
    request: async (method, params) => {
      calls.push({ method, params });
      return STATUS as never;
    },
  };
  return { monitor, calls };
}

describe('serveRequest', () => {
  it('answers requestSnapshot by resyncing the asking client, without asking the monitor', async () => {
    const { monitor, calls } = recordingMonitor();
    let resyncs = 0;
    await expect(serveRequest(monitor, { resync: () => void resyncs++ }, 'requestSnapshot', undefined)).resolves.toBeNull();
    expect(resyncs).toBe(1);
    expect(calls).toEqual([]);
  });

  it('forwards the monitor’s requests with their checked parameters', async () => {
    const { monitor, calls } = recordingMonitor();
    const client = { resync: () => undefined };
    await serveRequest(monitor, client, 'pollNow', {});
    await serveRequest(monitor, client, 'setIntervalMs', { intervalMs: 2000 });
    await serveRequest(monitor, client, 'getHistory', { limit: 5 });
    await serveRequest(monitor, client, 'setResolveNames', { resolve: false });
    expect(calls).toEqual([
      { method: 'pollNow', params: {} },
      { method: 'setIntervalMs', params: { intervalMs: 2000 } },
      { method: 'getHistory', params: { limit: 5 } },
      { method: 'setResolveNames', params: { resolve: false } },
    ]);
  });

  it.each([
    ['rm -rf', {}, 'unknown method "rm -rf"'],
    ['toString', {}, 'unknown method "toString"'],
    ['pollNow', { now: true }, "invalid pollNow request: unknown parameter 'now'"],
    ['setPaused', { paused: 'yes' }, 'invalid setPaused request: paused must be true or false'],
    ['setResolveNames', { resolve: 1 }, 'invalid setResolveNames request: resolve must be true or false'],
    ['setResolveNames', {}, 'invalid setResolveNames request: resolve must be true or false'],
    ['getProcess', [1], 'invalid getProcess request: parameters must be an object'],
    ['getHistory', { limit: 0 }, 'invalid getHistory request: limit must be an integer from 1 to 10000, got 0'],
  ])('refuses %s %j with one line naming the problem, before the monitor sees it', async (method, params, message) => {
    const { monitor, calls } = recordingMonitor();
    await expect(serveRequest(monitor, { resync: () => undefined }, method, params)).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });
});
