/**
 * Addresses waiting for a name, looked up a few at a time. Node's getnameinfo runs on the libuv
 * thread pool (4 threads by default, shared with file I/O), so a burst of new addresses must not
 * take all of it: at most `maxInFlight` lookups run at once. An address is queued once however
 * often it is asked for, and one that is no longer wanted when its turn comes (its connections
 * closed) is dropped without a lookup.
 */
export type LookupFn = (address: string) => Promise<string | null>;

export const DEFAULT_LOOKUPS_IN_FLIGHT = 2;

export interface LookupQueueOptions {
  lookup: LookupFn;
  /** Still worth a lookup? Asked when the address's turn comes. */
  wanted: (address: string) => boolean;
  /** Every answer: a name, or null for none (a failed lookup counts as none). */
  answered: (address: string, host: string | null) => void;
  maxInFlight?: number;
}

export class LookupQueue {
  /** FIFO of queued addresses; `head` is the next to take (an array with a moving head: O(1) both ends). */
  private waiting: string[] = [];
  private head = 0;
  /** Queued or being looked up: an address in here is not queued again. */
  private readonly pending = new Set<string>();
  private running = 0;
  /** Bumped by clear(): answers of lookups started before it are dropped. */
  private generation = 0;
  private readonly maxInFlight: number;

  constructor(private readonly options: LookupQueueOptions) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_LOOKUPS_IN_FLIGHT);
  }

  /** Lookups running now. */
  get inFlight(): number {
    return this.running;
  }

  /** Addresses queued or being looked up. */
  get size(): number {
    return this.pending.size;
  }

  add(address: string): void {
    if (this.pending.has(address)) return;
    this.pending.add(address);
    this.waiting.push(address);
    this.pump();
  }

  /** Forgets everything queued; lookups already running finish, but their answers are dropped. */
  clear(): void {
    this.generation++;
    this.pending.clear();
    this.waiting = [];
    this.head = 0;
  }

  private pump(): void {
    while (this.running < this.maxInFlight && this.head < this.waiting.length) {
      const address = this.waiting[this.head++];
      if (this.head === this.waiting.length) {
        this.waiting = [];
        this.head = 0;
      }
      if (!this.options.wanted(address)) {
        this.pending.delete(address);
        continue;
      }
      this.start(address);
    }
  }

  private start(address: string): void {
    this.running++;
    const generation = this.generation;
    this.options.lookup(address).then(
      (host) => this.finish(generation, address, host),
      () => this.finish(generation, address, null),
    );
  }

  private finish(generation: number, address: string, host: string | null): void {
    this.running--;
    if (generation === this.generation) {
      this.pending.delete(address);
      this.options.answered(address, host);
    }
    this.pump();
  }
}
