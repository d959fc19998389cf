import { describe, expect, it } from 'vitest';
import type { MonitorPort } from '../common/contract/monitor-port';
import type { MonitorStatus } from '../common/contract/messages';
import {
  ACTION_REQUESTS,
  REQUEST_NAMES,
  type ActionRequestName,
  type RequestName,
  type RequestParams,
} from '../common/contract/requests';
import { ActionError } from '../common/errors';
import { DESKTOP_ONLY_REFUSAL, READ_ONLY_REFUSAL, serveRequest } from './serve-request';

const STATUS: MonitorStatus = {
  source: 'proc',
  sourceDescription: '',
  intervalMs: 1000,
  lastGoodPollAt: null,
  error: null,
  pollDurationMs: null,
  closeRefusal: { ipv4: null, ipv6: null },
  resolveNames: true,
  history: { recording: false, note: null, since: null },
};

/** A client of a transport that allows actions (the desktop window, `serve --allow-actions`) or not. */
const client = (actionsAllowed = true) => ({ resync: () => undefined, actionsAllowed, elevation: null });

/** A monitor that records what reaches it. */
function recordingMonitor() {
  const calls: Array<{ method: string; params: unknown }> = [];
  const monitor: MonitorPort = {
    snapshotTexts: async () => ['{}'],
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
    await expect(
      serveRequest(
        monitor,
        { resync: () => void resyncs++, actionsAllowed: false, elevation: null },
        'requestSnapshot',
        undefined,
      ),
    ).resolves.toBeNull();
    expect(resyncs).toBe(1);
    expect(calls).toEqual([]);
  });

  it('forwards the monitor’s requests with their checked parameters', async () => {
    const { monitor, calls } = recordingMonitor();
    const asker = client();
    await serveRequest(monitor, asker, 'pollNow', {});
    await serveRequest(monitor, asker, 'setIntervalMs', { intervalMs: 2000 });
    await serveRequest(monitor, asker, 'getHistory', { limit: 5 });
    await serveRequest(monitor, asker, 'setResolveNames', { resolve: false });
    await serveRequest(monitor, asker, 'getHistory', { limit: 5, since: '2026-11-01T10:00:00+01:00', text: 'firefox' });
    expect(calls).toEqual([
      { method: 'pollNow', params: {} },
      { method: 'setIntervalMs', params: { intervalMs: 2000 } },
      { method: 'getHistory', params: { limit: 5 } },
      { method: 'setResolveNames', params: { resolve: false } },
      // Times reach the monitor as toISOString() writes them; only the parameters given.
      { method: 'getHistory', params: { limit: 5, since: '2026-11-01T09:00:00.000Z', text: 'firefox' } },
    ]);
  });

  it('refuses parameters nested 30 000 deep with a one-line error, not a stack overflow', async () => {
    const deep = JSON.parse('['.repeat(30_000) + ']'.repeat(30_000)) as unknown;
    const { monitor, calls } = recordingMonitor();
    await expect(serveRequest(monitor, client(), 'setIntervalMs', { intervalMs: deep })).rejects.toThrow(
      'invalid setIntervalMs request: intervalMs must be an integer from 250 to 10000, got an array',
    );
    await expect(serveRequest(monitor, client(), deep, {})).rejects.toThrow('unknown method an array');
    expect(calls).toEqual([]);
  });

  it.each([
    ['rm -rf', {}, 'unknown method "rm -rf"'],
    ['toString', {}, 'unknown method "toString"'],
    ['pollNow', { now: true }, "invalid pollNow request: unknown parameter 'now'"],
    [
      'setIntervalMs',
      { intervalMs: 'fast' },
      'invalid setIntervalMs request: intervalMs must be an integer from 250 to 10000, got "fast"',
    ],
    ['setResolveNames', { resolve: 1 }, 'invalid setResolveNames request: resolve must be true or false'],
    ['setResolveNames', {}, 'invalid setResolveNames request: resolve must be true or false'],
    ['getProcess', [1], 'invalid getProcess request: parameters must be an object'],
    ['getHistory', { limit: 0 }, 'invalid getHistory request: limit must be an integer from 1 to 10000, got 0'],
    ['getSession', { who: 'me' }, "invalid getSession request: unknown parameter 'who'"],
    [
      'getHistory',
      { limit: 5, since: 'yesterday' },
      'invalid getHistory request: since must be an ISO-8601 time such as 2026-11-01T14:02:31Z, got "yesterday"',
    ],
    [
      'getHistory',
      { limit: 5, since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' },
      'invalid getHistory request: since (2026-11-02T00:00:00.000Z) is after until (2026-11-01T00:00:00.000Z)',
    ],
    [
      'getHistory',
      { limit: 5, state: 'OPEN' },
      'invalid getHistory request: state must be one of CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, DELETE_TCB, got "OPEN"',
    ],
    ['getHistory', { limit: 5, port: 70000 }, 'invalid getHistory request: port must be an integer from 0 to 65535, got 70000'],
    ['getHistory', { limit: 5, grep: 'x' }, "invalid getHistory request: unknown parameter 'grep'"],
    [
      'getTimeline',
      { since: '2026-11-01T00:00:00Z', until: '2026-11-01T01:00:00Z', buckets: 1001 },
      'invalid getTimeline request: buckets must be an integer from 1 to 1000, got 1001',
    ],
    [
      'getTimeline',
      { since: '2026-11-01T01:00:00Z', until: '2026-11-01T01:00:00Z', buckets: 10 },
      'invalid getTimeline request: since (2026-11-01T01:00:00.000Z) must be before until (2026-11-01T01:00:00.000Z)',
    ],
    ['getTableAt', {}, 'invalid getTableAt request: at must be an ISO-8601 time such as 2026-11-01T14:02:31Z, got nothing'],
    [
      'getProcessConnections',
      { pid: -1 },
      'invalid getProcessConnections request: pid must be an integer from 0 to 4294967295, got -1',
    ],
    ['closeConnection', {}, 'invalid closeConnection request: id must be a string of 1 to 64 characters, got nothing'],
    ['closeConnection', { id: 7 }, 'invalid closeConnection request: id must be a string of 1 to 64 characters, got 7'],
    ['closeConnection', { id: '' }, 'invalid closeConnection request: id must be a string of 1 to 64 characters, got ""'],
    [
      'closeConnection',
      { id: 'c'.repeat(65) },
      `invalid closeConnection request: id must be a string of 1 to 64 characters, got "${'c'.repeat(39)}…`,
    ],
    ['endProcess', { pid: -1 }, 'invalid endProcess request: pid must be an integer from 0 to 4294967295, got -1'],
    ['endProcess', { pid: 1.5 }, 'invalid endProcess request: pid must be an integer from 0 to 4294967295, got 1.5'],
    ['endProcess', { pid: '1' }, 'invalid endProcess request: pid must be an integer from 0 to 4294967295, got "1"'],
    ['endProcess', { pid: 2, force: 'yes' }, 'invalid endProcess request: force must be true or false'],
    ['endProcess', { pid: 2, signal: 9 }, "invalid endProcess request: unknown parameter 'signal'"],
  ])('refuses %s %j with one line naming the problem, before the monitor sees it', async (method, params, message) => {
    const { monitor, calls } = recordingMonitor();
    await expect(serveRequest(monitor, client(), method, params)).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it('tells a client whether it may act, and why not, without asking the monitor', async () => {
    const { monitor, calls } = recordingMonitor();
    await expect(serveRequest(monitor, client(true), 'getSession', {})).resolves.toEqual({
      actionsAllowed: true,
      actionsRefusal: null,
      elevation: null,
    });
    await expect(serveRequest(monitor, client(false), 'getSession', undefined)).resolves.toEqual({
      actionsAllowed: false,
      actionsRefusal: READ_ONLY_REFUSAL,
      elevation: null,
    });
    expect(calls).toEqual([]);
  });

  it('refuses restartElevated with one line where the transport cannot elevate (the web shell)', async () => {
    const { monitor, calls } = recordingMonitor();
    const refused = await serveRequest(monitor, client(true), 'restartElevated', {}).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as Error).message).toBe(DESKTOP_ONLY_REFUSAL);
    expect(calls).toEqual([]);
  });

  it('offers and runs restartElevated through a transport that can elevate, never the monitor', async () => {
    const { monitor, calls } = recordingMonitor();
    let restarts = 0;
    const offer = { label: 'Restart as root', gain: 'every owner', refusal: null };
    const desktop = {
      ...client(true),
      elevation: { offer: () => offer, restart: async () => (restarts++, { started: true as const }) },
    };
    await expect(serveRequest(monitor, desktop, 'getSession', {})).resolves.toMatchObject({ elevation: offer });
    await expect(serveRequest(monitor, desktop, 'restartElevated', {})).resolves.toEqual({ started: true });
    await expect(serveRequest(monitor, desktop, 'restartElevated', { now: true })).rejects.toThrow(
      "invalid restartElevated request: unknown parameter 'now'",
    );
    expect(restarts).toBe(1);
    expect(calls).toEqual([]);
  });

  it.each([
    ['closeConnection', { id: 'c1' }],
    ['endProcess', { pid: 1234 }],
    ['endProcess', { pid: 1234, force: true }],
  ])('refuses the action %s %j from a read-only client with one line, before the monitor sees it', async (method, params) => {
    const { monitor, calls } = recordingMonitor();
    const refused = await serveRequest(monitor, client(false), method, params).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as Error).message).toBe(
      "this Sockscope web shell is read-only: start it with 'sockscope serve --allow-actions' to close connections or end processes",
    );
    expect(calls).toEqual([]);
  });

  it('passes actions from a client that may act, with their checked parameters', async () => {
    const { monitor, calls } = recordingMonitor();
    await serveRequest(monitor, client(true), 'closeConnection', { id: 'c42' });
    await serveRequest(monitor, client(true), 'endProcess', { pid: 1234 });
    await serveRequest(monitor, client(true), 'endProcess', { pid: 1234, force: true });
    expect(calls).toEqual([
      { method: 'closeConnection', params: { id: 'c42' } },
      { method: 'endProcess', params: { pid: 1234 } },
      { method: 'endProcess', params: { pid: 1234, force: true } },
    ]);
  });

  it('lets a read-only client make every request that is no action', async () => {
    const { monitor, calls } = recordingMonitor();
    // Typed over every request but the actions: a new request must be added here.
    const valid: { [K in Exclude<RequestName, ActionRequestName>]: RequestParams<K> } = {
      requestSnapshot: {},
      setIntervalMs: { intervalMs: 1000 },
      setResolveNames: { resolve: true },
      pollNow: {},
      getProcess: { pid: 1 },
      getHistory: { limit: 1 },
      getTimeline: { since: '2026-11-01T00:00:00.000Z', until: '2026-11-01T01:00:00.000Z', buckets: 60 },
      getTableAt: { at: '2026-11-01T00:30:00.000Z' },
      getProcessConnections: { pid: 1 },
      getSession: {},
      restartElevated: {},
    };
    // With elevation, or restartElevated would be refused as desktop-only (tested above), not as an action.
    const elevation = {
      offer: () => ({ label: '', gain: '', refusal: null }),
      restart: async () => ({ started: true as const }),
    };
    const readOnly = { ...client(false), elevation };
    for (const [method, params] of Object.entries(valid)) await serveRequest(monitor, readOnly, method, params);
    expect(calls.map((c) => c.method).sort()).toEqual([
      'getHistory',
      'getProcess',
      'getProcessConnections',
      'getTableAt',
      'getTimeline',
      'pollNow',
      'setIntervalMs',
      'setResolveNames',
    ]);
    expect(REQUEST_NAMES.filter((m) => !Object.hasOwn(valid, m)).sort()).toEqual([...ACTION_REQUESTS].sort());
  });
});
