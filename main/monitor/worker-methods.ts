import { encodeJson, type RequestName } from '../contract/messages';
import { parseRequestParams } from '../contract/validate';
import type { Monitor } from './monitor';
import type { WorkerMethod } from './worker-protocol';

/** Carries out one request on the monitor. Parameters are validated here, at the boundary. */
export async function runWorkerMethod(monitor: Monitor, method: WorkerMethod, params: unknown): Promise<unknown> {
  if (method === 'snapshot') {
    // Before the first poll there is no table yet: a snapshot then would be empty.
    await monitor.firstPoll;
    return encodeJson(monitor.snapshot());
  }
  return runRequest(monitor, method, params);
}

async function runRequest(monitor: Monitor, method: RequestName, raw: unknown): Promise<unknown> {
  switch (method) {
    case 'requestSnapshot':
      parseRequestParams('requestSnapshot', raw);
      return null;
    case 'setPaused':
      return parseRequestParams('setPaused', raw).paused ? monitor.pause() : monitor.resume();
    case 'setIntervalMs':
      return monitor.setIntervalMs(parseRequestParams('setIntervalMs', raw).intervalMs);
    case 'getProcess':
      return monitor.processInfo(parseRequestParams('getProcess', raw).pid);
    case 'getHistory':
      return monitor.history(parseRequestParams('getHistory', raw));
  }
}
