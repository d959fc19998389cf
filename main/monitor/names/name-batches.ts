/**
 * Names on their way to clients, coalesced: a burst of answers becomes one message at most every
 * `intervalMs`, the first one after a quiet spell at once (on the next turn of the event loop).
 */
import type { HostName } from '../../common/contract/messages';

export const NAMES_BATCH_INTERVAL_MS = 200;

export class NameBatches {
  /** Address → its latest answer: an address answered twice in one batch is sent once. */
  private batch = new Map<string, string | null>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = -Infinity;

  constructor(
    private readonly send: (names: HostName[]) => void,
    private readonly intervalMs = NAMES_BATCH_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(address: string, host: string | null): void {
    this.batch.set(address, host);
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastSentAt + this.intervalMs - this.now()));
  }

  /** Drops what is waiting (resolving was turned off, or the monitor stops). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.batch = new Map();
  }

  private flush(): void {
    this.timer = null;
    if (this.batch.size === 0) return;
    const names: HostName[] = [];
    for (const [address, host] of this.batch) names.push({ address, host });
    this.batch = new Map();
    this.lastSentAt = this.now();
    this.send(names);
  }
}
