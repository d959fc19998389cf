/**
 * Names already looked up, so an address that comes back (a new connection to the same server)
 * costs no query. Positive answers live longer than "no name" ones, so a name added to DNS shows
 * up soon. Bounded: past the limit the oldest entries go first.
 */
export const POSITIVE_TTL_MS = 10 * 60_000;
export const NEGATIVE_TTL_MS = 60_000;
export const DEFAULT_CACHE_SIZE = 10_000;

export interface NameCacheOptions {
  positiveTtlMs?: number;
  negativeTtlMs?: number;
  maxEntries?: number;
  /** Milliseconds on a monotonic clock (tests pass their own). */
  now?: () => number;
}

interface Entry {
  host: string | null;
  expiresAt: number;
}

export class NameCache {
  private readonly entries = new Map<string, Entry>();
  private readonly positiveTtlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: NameCacheOptions = {}) {
    this.positiveTtlMs = options.positiveTtlMs ?? POSITIVE_TTL_MS;
    this.negativeTtlMs = options.negativeTtlMs ?? NEGATIVE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_CACHE_SIZE;
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached answer (a name, or null for "no name"); undefined if unknown or expired. */
  get(address: string): string | null | undefined {
    const entry = this.entries.get(address);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.host;
    this.entries.delete(address);
    return undefined;
  }

  set(address: string, host: string | null): void {
    // Re-inserted at the end: the Map's order is the eviction order.
    this.entries.delete(address);
    if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(address, { host, expiresAt: this.now() + (host === null ? this.negativeTtlMs : this.positiveTtlMs) });
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
