/**
 * Connection counts for the metrics, kept from the monitor's events: a scrape reads the counts,
 * a poll costs O(its events), and nothing walks the table. Pure: no Node, no prom-client.
 */
import type { ConnectionEvent, TrackedConnection } from '../../common/contract/events';
import type { RowUpdate } from '../../common/contract/messages';
import type { AddressFamily, TcpRow, TcpState } from '../../common/types';

export const FAMILIES: readonly AddressFamily[] = ['ipv4', 'ipv6'];
/** The label of connections no process is known to own (TIME_WAIT, hidden owners). */
export const NO_PROCESS = '(none)';
/** The label that sums every process outside the top ones: the label count stays bounded. */
export const OTHER_PROCESSES = 'other';
export const TOP_PROCESSES = 20;

interface Counted {
  state: TcpState;
  family: AddressFamily;
  process: string;
  ownerHidden: boolean;
}

const counted = (row: TcpRow): Counted => ({
  state: row.state,
  family: row.family,
  process: row.processName ?? NO_PROCESS,
  ownerHidden: row.ownerHidden === true,
});

const key = (state: TcpState, family: AddressFamily) => `${state}/${family}`;

export class ConnectionTally {
  private readonly rows = new Map<string, Counted>();
  private readonly byStateFamily = new Map<string, number>();
  private readonly byProcess = new Map<string, number>();
  private hidden = 0;

  /** Starts again from a whole table (a snapshot). */
  reset(connections: readonly TrackedConnection[]): void {
    this.rows.clear();
    this.byStateFamily.clear();
    this.byProcess.clear();
    this.hidden = 0;
    for (const c of connections) this.put(c.id, c.row);
  }

  apply(events: readonly ConnectionEvent[], updates: readonly RowUpdate[] = []): void {
    for (const event of events) {
      if (event.type === 'closed') this.drop(event.id);
      else this.put(event.id, event.connection);
    }
    for (const update of updates) this.put(update.id, update.connection);
  }

  connections(state: TcpState, family: AddressFamily): number {
    return this.byStateFamily.get(key(state, family)) ?? 0;
  }

  ownersHidden(): number {
    return this.hidden;
  }

  /** The busiest `TOP_PROCESSES` names (ties by name, so labels do not flap), the rest summed as `other`. */
  byProcessTop(limit = TOP_PROCESSES): Array<{ process: string; count: number }> {
    const sorted = [...this.byProcess].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const top = sorted.slice(0, limit).map(([process, count]) => ({ process, count }));
    const rest = sorted.slice(limit).reduce((sum, [, count]) => sum + count, 0);
    return [...top, { process: OTHER_PROCESSES, count: rest }];
  }

  private put(id: string, row: TcpRow): void {
    this.drop(id);
    const c = counted(row);
    this.rows.set(id, c);
    this.bump(c, 1);
  }

  private drop(id: string): void {
    const old = this.rows.get(id);
    if (!old) return;
    this.rows.delete(id);
    this.bump(old, -1);
  }

  private bump(c: Counted, by: 1 | -1): void {
    const k = key(c.state, c.family);
    this.byStateFamily.set(k, (this.byStateFamily.get(k) ?? 0) + by);
    const p = (this.byProcess.get(c.process) ?? 0) + by;
    if (p > 0) this.byProcess.set(c.process, p);
    else this.byProcess.delete(c.process);
    if (c.ownerHidden) this.hidden += by;
  }
}
