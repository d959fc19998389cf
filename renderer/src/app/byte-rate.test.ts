import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../../main/common/types';
import { ByteRateSampler } from './byte-rate';

const conn = (id: string, bytesSent: number | null, bytesReceived: number | null) => ({
  id,
  row: { bytesSent, bytesReceived } as TcpRow,
});

describe('ByteRateSampler', () => {
  it('gives bytes per second from the growth of each connection, a closing one not counting as negative', () => {
    const s = new ByteRateSampler(60_000);
    s.sample(0, [conn('a', 1000, 5000)]);
    expect(s.latest).toBeNull(); // the first sample is the baseline
    s.sample(2000, [conn('a', 3000, 5000), conn('b', 400, 200)]); // b opened meanwhile: all its bytes are new
    expect(s.latest).toEqual({ time: 2000, sentPerSecond: 1200, receivedPerSecond: 100 });
    s.sample(3000, [conn('b', 400, 1200)]); // a closed
    expect(s.latest).toEqual({ time: 3000, sentPerSecond: 0, receivedPerSecond: 1000 });
    expect(s.hasCounters).toBe(true);
  });

  it('keeps only the window, and says when no connection has counters', () => {
    const s = new ByteRateSampler(10_000);
    for (let t = 0; t <= 30_000; t += 1000) s.sample(t, [conn('a', null, null)]);
    expect(s.hasCounters).toBe(false);
    expect(s.samples[0].time).toBe(20_000);
    expect(s.samples).toHaveLength(11);
  });
});
