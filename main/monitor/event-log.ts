import type { ConnectionEvent, Owner, TrackedConnection } from '../common/contract/events';
import type { HistoryQuery } from '../common/contract/requests';
import { eventMatcher } from './history/event-filter';
import type { OwnedEvent } from './history/store-writer';
import { effectiveOwner } from './history/table-mirror';

export const DEFAULT_EVENT_LOG_CAPACITY = 100_000;

/** The history of what changed: a bounded ring buffer, oldest events overwritten first. */
export class EventLog {
  private readonly slots: (ConnectionEvent | undefined)[];
  private next = 0;
  private count = 0;
  private total = 0;

  constructor(readonly capacity: number = DEFAULT_EVENT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`event log capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<ConnectionEvent | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** True while no event has been overwritten: the log holds everything since it began. */
  get complete(): boolean {
    return this.total === this.count;
  }

  append(events: readonly ConnectionEvent[]): void {
    for (const event of events) {
      this.slots[this.next] = event;
      this.next = (this.next + 1) % this.capacity;
      if (this.count < this.capacity) this.count++;
      this.total++;
    }
  }

  /**
   * The newest `limit` events matching the query, oldest first. An event's owner is its row's
   * process, or the last one seen owning the connection: a process's history includes what
   * happened after it let go (a TIME_WAIT, the close), which carries no pid itself.
   */
  query(query: HistoryQuery, known: readonly TrackedConnection[] = []): ConnectionEvent[] {
    const matches = eventMatcher(query);
    const out: ConnectionEvent[] = [];
    for (const owned of this.owned(known)) if (matches(owned)) out.push(owned.event);
    return out.length > query.limit ? out.slice(out.length - query.limit) : out;
  }

  /**
   * Every event, oldest first, with who owned its connection then; `known`: connections whose
   * owners were known before the oldest event (the starting table).
   */
  *owned(known: readonly TrackedConnection[] = []): Generator<OwnedEvent> {
    const owners = new Map<string, Owner>();
    for (const c of known) {
      const owner = effectiveOwner(c.row, c.lastOwner);
      if (owner) owners.set(c.id, owner);
    }
    for (let i = this.count; i >= 1; i--) {
      const event = this.at(i);
      if (!event) continue;
      const owner = effectiveOwner(event.connection, owners.get(event.id));
      if (event.type === 'closed') owners.delete(event.id);
      else if (owner) owners.set(event.id, owner);
      yield { event, owner };
    }
  }

  /** The oldest event held, if any. */
  oldest(): ConnectionEvent | undefined {
    return this.count === 0 ? undefined : this.at(this.count);
  }

  /** The i-th newest event (1 = newest). */
  private at(i: number): ConnectionEvent | undefined {
    return this.slots[(this.next - i + this.capacity) % this.capacity];
  }
}
