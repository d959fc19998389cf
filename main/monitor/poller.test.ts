import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLI_INTERVAL_BOUNDS, Poller } from './poller';

describe('Poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('never overlaps a poll with the previous one', async () => {
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const poller = new Poller(async () => {
      calls++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 1_500)); // slower than the interval
      active--;
    }, 250);
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    poller.stop();
    expect(maxActive).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(5);
  });

  it('applies a new interval at once', async () => {
    let calls = 0;
    const poller = new Poller(async () => void calls++, 10_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
    poller.setInterval(500);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(calls).toBe(3);
    poller.stop();
  });

  it('keeps backing off when the interval changes while polls fail', async () => {
    const times: number[] = [];
    const poller = new Poller(async () => {
      times.push(Date.now());
      throw new Error('still failing');
    }, 1_000);
    const t0 = Date.now();
    poller.start();
    await vi.advanceTimersByTimeAsync(2_100); // failed at 0 and 2000: two failures
    poller.setInterval(2_000);
    // Backing off from the new interval: 2 s × 2² after the last attempt, not 2 s.
    await vi.advanceTimersByTimeAsync(7_800);
    expect(times.map((t) => t - t0)).toEqual([0, 2_000]);
    await vi.advanceTimersByTimeAsync(200);
    expect(times.map((t) => t - t0)).toEqual([0, 2_000, 10_000]);
    poller.stop();
  });

  it('clamps the interval to the UI range 250 ms … 10 s unless given other bounds', () => {
    const poller = new Poller(async () => {}, 1);
    expect(poller.interval).toBe(250);
    poller.setInterval(60_000);
    expect(poller.interval).toBe(10_000);
    expect(new Poller(async () => {}, 100, CLI_INTERVAL_BOUNDS).interval).toBe(100);
  });

  it('backs off while polls fail and recovers after a success', async () => {
    const times: number[] = [];
    let fail = true;
    const poller = new Poller(async () => {
      times.push(Date.now());
      if (fail) throw new Error('boom');
    }, 1_000);
    const t0 = Date.now();
    poller.start();
    await vi.advanceTimersByTimeAsync(15_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
    fail = false;
    await vi.advanceTimersByTimeAsync(30_000);
    const after = times.filter((t) => t - t0 > 15_000);
    const steady = after.slice(1).map((t, i) => t - after[i]);
    expect(steady.length).toBeGreaterThan(3);
    expect(steady.every((g) => g === 1_000)).toBe(true);
    poller.stop();
  });

  it('polls now on request between ticks, and answers once that poll has ended', async () => {
    let calls = 0;
    const poller = new Poller(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 100));
    }, 10_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toBe(1);
    let answered = false;
    const now = poller.pollNow().then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
    expect(answered).toBe(false); // the poll is still running
    await vi.advanceTimersByTimeAsync(60);
    await now;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2); // the next tick is 10 s after the last start
    poller.stop();
  });

  it('runs another poll when asked during one, since the running poll may predate the ask', async () => {
    const started: number[] = [];
    const poller = new Poller(async () => {
      started.push(Date.now());
      await new Promise((r) => setTimeout(r, 100));
    }, 5_000);
    poller.start();
    await vi.advanceTimersByTimeAsync(50); // the first poll is running
    const t0 = Date.now();
    const now = poller.pollNow();
    await vi.advanceTimersByTimeAsync(200);
    await now;
    expect(started).toHaveLength(2);
    expect(started[1]).toBeGreaterThanOrEqual(t0);
    // Then the normal schedule resumes from that poll.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toHaveLength(3);
    poller.stop();
  });

  it('starts a poll every interval however long each takes: the refresh does not slip', async () => {
    const started: number[] = [];
    const poller = new Poller(async () => {
      started.push(Date.now());
      await new Promise((r) => setTimeout(r, 300)); // a poll of 300 ms
    }, 1_000);
    const t0 = Date.now();
    poller.start();
    await vi.advanceTimersByTimeAsync(4_100);
    poller.stop();
    expect(started.map((t) => t - t0)).toEqual([0, 1000, 2000, 3000, 4000]);
  });
});
