/** Live connection counts by TCP state, kept incrementally so a refresh costs O(events). */
import { TCP_STATES, type TcpState } from '../../../main/common/types';

export interface StateCounts {
  /** Only states with at least one connection. */
  byState: Partial<Record<TcpState, number>>;
  total: number;
  /** Connections whose owner the monitor cannot see (not root / administrator). */
  ownersHidden: number;
}

export const EMPTY_STATE_COUNTS: StateCounts = { byState: {}, total: 0, ownersHidden: 0 };

export class StateCounter {
  private readonly counts = new Map<TcpState, number>();
  private total = 0;
  private ownersHidden = 0;

  add(state: TcpState, ownerHidden = false): void {
    this.counts.set(state, (this.counts.get(state) ?? 0) + 1);
    this.total += 1;
    if (ownerHidden) this.ownersHidden += 1;
  }

  remove(state: TcpState, ownerHidden = false): void {
    const next = (this.counts.get(state) ?? 0) - 1;
    if (next > 0) this.counts.set(state, next);
    else this.counts.delete(state);
    this.total = Math.max(0, this.total - 1);
    if (ownerHidden) this.ownersHidden = Math.max(0, this.ownersHidden - 1);
  }

  snapshot(): StateCounts {
    return { byState: Object.fromEntries(this.counts), total: this.total, ownersHidden: this.ownersHidden };
  }
}

export function sameStateCounts(a: StateCounts, b: StateCounts): boolean {
  if (a.total !== b.total || a.ownersHidden !== b.ownersHidden) return false;
  return TCP_STATES.every((state) => a.byState[state] === b.byState[state]);
}

/** Busiest state first; ties in the kernel's state order, so the text does not jitter. */
export function orderedStateCounts(counts: StateCounts): Array<{ state: TcpState; count: number }> {
  return TCP_STATES.flatMap((state) => {
    const count = counts.byState[state];
    return count ? [{ state, count }] : [];
  }).sort((a, b) => b.count - a.count);
}

/** "ESTABLISHED 12 · LISTEN 5 · TIME_WAIT 3". */
export function formatStateCounts(counts: StateCounts): string {
  return orderedStateCounts(counts)
    .map(({ state, count }) => `${state} ${count}`)
    .join(' · ');
}
