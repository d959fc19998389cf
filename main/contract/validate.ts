/**
 * Validation of request parameters at every trust boundary (IPC, WebSocket). Pure: no Node,
 * no Electron. A bad request gets a one-line error naming what was wrong.
 */
import type { RequestName, RequestParams } from './messages';
import { HISTORY_LIMIT_MAX, MAX_INTERVAL_MS, MIN_INTERVAL_MS, REQUEST_CHANNELS } from './messages';

export class InvalidRequestError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(method: string, what: string): never {
  throw new InvalidRequestError(`invalid ${method} request: ${what}`);
}

function integerIn(method: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(method, `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function onlyKeys(method: string, params: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(params).filter((k) => !allowed.includes(k));
  if (extra.length > 0) fail(method, `unknown parameter ${extra.map((k) => `'${k}'`).join(', ')}`);
}

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.hasOwn(REQUEST_CHANNELS, value);
}

export function parseRequestParams<K extends RequestName>(method: K, raw: unknown): RequestParams<K> {
  const params = raw ?? {};
  if (!isObject(params)) fail(method, 'parameters must be an object');
  switch (method) {
    case 'requestSnapshot':
      onlyKeys(method, params, []);
      return {} as RequestParams<K>;
    case 'setPaused':
      onlyKeys(method, params, ['paused']);
      if (typeof params.paused !== 'boolean') fail(method, 'paused must be true or false');
      return { paused: params.paused } as RequestParams<K>;
    case 'setIntervalMs':
      onlyKeys(method, params, ['intervalMs']);
      return { intervalMs: integerIn(method, 'intervalMs', params.intervalMs, MIN_INTERVAL_MS, MAX_INTERVAL_MS) } as RequestParams<K>;
    case 'getProcess':
      onlyKeys(method, params, ['pid']);
      return { pid: integerIn(method, 'pid', params.pid, 0, 2 ** 32 - 1) } as RequestParams<K>;
    case 'getHistory': {
      onlyKeys(method, params, ['pid', 'limit']);
      const limit = integerIn(method, 'limit', params.limit, 1, HISTORY_LIMIT_MAX);
      if (params.pid === undefined) return { limit } as RequestParams<K>;
      return { pid: integerIn(method, 'pid', params.pid, 0, 2 ** 32 - 1), limit } as RequestParams<K>;
    }
  }
  return fail(method, 'unknown method');
}
