import { DEFAULT_INTERVAL_MS, MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../common/contract/messages';

/** Longest wait between retries while polls keep failing. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Calls `poll` on a timer. Single-flight: a poll never overlaps the last one; the next one is
 * scheduled when it ends. A new interval applies at once. Failing polls back off
 * exponentially (interval × 2^failures, at most 30 s) and polling goes on.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight = false;
  private failures = 0;
  private lastStart = 0;
  private intervalMs: number;
  /** Callers of pollNow() waiting for a poll that starts after their call. */
  private nowWaiters: (() => void)[] = [];

  constructor(
    private readonly poll: () => Promise<unknown>,
    intervalMs: number = DEFAULT_INTERVAL_MS,
    private readonly bounds: IntervalBounds = UI_INTERVAL_BOUNDS,
  ) {
    this.intervalMs = clampInterval(intervalMs, bounds);
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Starts polling now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    // A poll still in flight (stop() then start()) schedules the next one when it ends.
    if (!this.inFlight) this.schedule(0);
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
  }

  setInterval(ms: number): void {
    this.intervalMs = clampInterval(ms, this.bounds);
    if (this.running && !this.inFlight) {
      // Still failing: the backoff (now from the new interval) holds.
      const sinceLast = Date.now() - this.lastStart;
      this.schedule(Math.max(0, this.nextDelay() - sinceLast));
    }
  }

  /**
   * Polls as soon as possible (F5), and resolves when that poll has ended,
   * failed or not (the poll reports its own errors). A poll already running does not count: it
   * may have read the table before the call, so another one follows it.
   */
  pollNow(): Promise<void> {
    return new Promise((resolve) => {
      this.nowWaiters.push(resolve);
      if (this.inFlight) return;
      this.clearTimer();
      void this.runOnce();
    });
  }

  private async runOnce(): Promise<void> {
    this.inFlight = true;
    this.lastStart = Date.now();
    const answered = this.nowWaiters;
    this.nowWaiters = [];
    try {
      await this.poll();
      this.failures = 0;
    } catch {
      // The poll reports its own error; here it only slows the retries.
      this.failures++;
    } finally {
      this.inFlight = false;
    }
    for (const resolve of answered) resolve();
    if (this.nowWaiters.length > 0) void this.runOnce();
    else if (this.running) this.schedule(this.delayAfterPoll());
  }

  /**
   * Polls start every interval, however long each takes (a 300 ms poll every 1 s is a refresh
   * every 1 s, not every 1.3 s); one that overran starts the next at once. While polls fail, the
   * backoff is counted from the failure.
   */
  private delayAfterPoll(): number {
    if (this.failures > 0) return this.nextDelay();
    return Math.max(0, this.intervalMs - (Date.now() - this.lastStart));
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.intervalMs;
    return Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** Math.min(this.failures, 10));
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export interface IntervalBounds {
  minMs: number;
  maxMs: number;
}

/** What the UI offers (250 ms … 10 s); scripts (`watch --interval`) may poll faster. */
export const UI_INTERVAL_BOUNDS: IntervalBounds = { minMs: MIN_INTERVAL_MS, maxMs: MAX_INTERVAL_MS };
export const CLI_INTERVAL_BOUNDS: IntervalBounds = { minMs: 50, maxMs: 3_600_000 };

export function clampInterval(ms: number, { minMs, maxMs }: IntervalBounds): number {
  return Math.min(maxMs, Math.max(minMs, Math.round(ms)));
}
