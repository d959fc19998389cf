import type { ConnectionEvent } from '../common/contract/events';
import type { HistoryQuery } from '../common/contract/requests';

export const DEFAULT_EVENT_LOG_CAPACITY = 100_000;

/** The history of what changed: a bounded ring buffer, oldest events overwritten first. */
export class EventLog {
  private readonly slots: (ConnectionEvent | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number = DEFAULT_EVENT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`event log capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<ConnectionEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  append(events: readonly ConnectionEvent[]): void {
    for (const event of events) {
      this.slots[this.next] = event;
      this.next = (this.next + 1) % this.capacity;
      if (this.count < this.capacity) this.count++;
    }
  }

  /**
   * The newest `limit` events matching the query, oldest first. For a pid: every event of every
   * connection that process was seen owning, including those after it let go (a TIME_WAIT, the
   * close), which carry no pid themselves.
   */
  query({ pid, limit }: HistoryQuery): ConnectionEvent[] {
    const owned = pid === undefined ? null : this.connectionsOwnedBy(pid);
    const out: ConnectionEvent[] = [];
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const event = this.at(i);
      if (event && (owned === null || owned.has(event.id))) out.push(event);
    }
    return out.reverse();
  }

  private connectionsOwnedBy(pid: number): Set<string> {
    const ids = new Set<string>();
    for (let i = 1; i <= this.count; i++) {
      const event = this.at(i);
      if (event?.connection.pid === pid) ids.add(event.id);
    }
    return ids;
  }

  /** The i-th newest event (1 = newest). */
  private at(i: number): ConnectionEvent | undefined {
    return this.slots[(this.next - i + this.capacity) % this.capacity];
  }
}
