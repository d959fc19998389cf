import { describe, expect, it } from 'vitest';
import { PUSH_CHANNELS, REQUEST_CHANNELS, sockscopeApi, type ApiCarrier } from './requests';

describe('sockscopeApi', () => {
  it('has one named method per request and per push message, and nothing generic', () => {
    const carrier: ApiCarrier = { subscribe: () => () => undefined, call: async () => null };
    const api = sockscopeApi(carrier);
    const pushes = Object.keys(PUSH_CHANNELS).map((type) => `on${type[0].toUpperCase()}${type.slice(1)}`);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(REQUEST_CHANNELS), ...pushes].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('passes each method’s own name and its parameters object (empty where left out)', async () => {
    const calls: Array<[string, object]> = [];
    const api = sockscopeApi({
      subscribe: () => () => undefined,
      call: async (method, params) => void calls.push([method, params]),
    });
    await api.setIntervalMs({ intervalMs: 2000 });
    await api.pollNow();
    expect(calls).toEqual([
      ['setIntervalMs', { intervalMs: 2000 }],
      ['pollNow', {}],
    ]);
  });

  it('subscribes each on… method to its own push type', () => {
    const subscribed: string[] = [];
    const api = sockscopeApi({ subscribe: (type) => (subscribed.push(type), () => undefined), call: async () => null });
    api.onEvents(() => undefined);
    api.onSnapshot(() => undefined);
    expect(subscribed).toEqual(['events', 'snapshot']);
  });
});
