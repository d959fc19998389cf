/**
 * Notices a poll worker that stops answering — its thread blocked in a system call (a hung
 * filesystem under the fd scan), which no deadline inside it can interrupt. It asks every few
 * seconds; the worker answers from its event loop whenever that loop is free.
 */
export interface WatchdogTimes {
  /** How often the worker is asked. */
  pingEveryMs: number;
  /** Unanswered this long: stuck. */
  stuckAfterMs: number;
}

export const WATCHDOG_TIMES: WatchdogTimes = { pingEveryMs: 2_000, stuckAfterMs: 6_000 };

export interface WatchdogEvents {
  ping(): void;
  /** The worker has not answered for `forMs`; called again as that grows. */
  stuck(forMs: number): void;
  /** It answers again after being stuck. */
  recovered(): void;
}

export class WorkerWatchdog {
  private lastAnswer = Date.now();
  private stuck = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly on: WatchdogEvents,
    private readonly times: WatchdogTimes = WATCHDOG_TIMES,
  ) {
    this.timer = setInterval(() => this.check(), times.pingEveryMs);
    this.timer.unref();
  }

  get isStuck(): boolean {
    return this.stuck;
  }

  /** The worker answered (a pong, or anything else it sent). */
  answered(): void {
    this.lastAnswer = Date.now();
    if (!this.stuck) return;
    this.stuck = false;
    this.on.recovered();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const silent = Date.now() - this.lastAnswer;
    if (silent >= this.times.stuckAfterMs) {
      this.stuck = true;
      this.on.stuck(silent);
    }
    this.on.ping();
  }
}
