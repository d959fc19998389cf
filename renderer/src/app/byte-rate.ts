/**
 * A process's bytes per second: the growth of its connections' counters between samples, summed.
 * Per connection, so a connection that closes does not read as negative traffic. Pure.
 */
import type { TcpRow } from '../../../main/common/types';

export interface RateSample {
  /** Epoch ms at the sample's end. */
  time: number;
  sentPerSecond: number;
  receivedPerSecond: number;
}

interface Counters {
  sent: number;
  received: number;
}

/** Samples over the last `windowMs`: what the drill-down's chart draws. */
export class ByteRateSampler {
  private last = new Map<string, Counters>();
  private lastTime: number | null = null;
  private list: RateSample[] = [];
  /** Whether any connection sampled so far had counters (Windows gives none without per-connection stats). */
  hasCounters = false;

  constructor(private readonly windowMs: number) {}

  sample(nowMs: number, connections: ReadonlyArray<{ id: string; row: TcpRow }>): void {
    const next = new Map<string, Counters>();
    let sent = 0;
    let received = 0;
    for (const { id, row } of connections) {
      if (row.bytesSent == null && row.bytesReceived == null) continue;
      const now = { sent: row.bytesSent ?? 0, received: row.bytesReceived ?? 0 };
      next.set(id, now);
      // One that opened since the last sample: all its bytes are new.
      const before = this.last.get(id) ?? { sent: 0, received: 0 };
      sent += Math.max(0, now.sent - before.sent);
      received += Math.max(0, now.received - before.received);
    }
    if (next.size > 0) this.hasCounters = true;
    // The first sample is the baseline: what was sent before the panel opened is not a rate.
    if (this.lastTime !== null && nowMs > this.lastTime) {
      const seconds = (nowMs - this.lastTime) / 1000;
      // A new array each time: a view holding the last one sees the change.
      const oldest = nowMs - this.windowMs;
      this.list = [
        ...this.list.filter((s) => s.time >= oldest),
        { time: nowMs, sentPerSecond: sent / seconds, receivedPerSecond: received / seconds },
      ];
    }
    this.lastTime = nowMs;
    this.last = next;
  }

  get samples(): readonly RateSample[] {
    return this.list;
  }

  /** The latest rates; null before two samples. */
  get latest(): RateSample | null {
    return this.list.at(-1) ?? null;
  }
}
