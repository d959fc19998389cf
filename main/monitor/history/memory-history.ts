/**
 * The history requests answered from the monitor's memory, where nothing is recorded: its event
 * log (the last 100 000 events) and the starting table. Further back than that is not known.
 */
import type { TrackedConnection } from '../../common/contract/events';
import type { HistoryQuery, ProcessConnectionsQuery, TableAt, Timeline, TimelineQuery } from '../../common/contract/requests';
import type { ConnectionEvent } from '../../common/contract/events';
import type { EventLog } from '../event-log';
import { HistoryFault } from './history-db';
import { ProcessConnections } from './process-connections';
import { TableMirror, type MirroredConnection } from './table-mirror';

/** The table a monitor started from, as a keyframe. */
export interface StartingTable {
  time: string;
  /** The seq of the last event before it (the first event after it is seq + 1). */
  seq: number;
  connections: MirroredConnection[];
}

/** What of the monitor the memory history reads. */
export interface MonitorMemory {
  readonly log: EventLog;
  starting(): StartingTable | null;
  /** The table now, and the time of the poll that read it. */
  current(): { time: string | null; connections: TrackedConnection[] };
}

/** A copy of a table that later polls will not change (the differ updates its entries in place). */
export function startingTable(time: string, seq: number, connections: readonly TrackedConnection[]): StartingTable {
  return { time, seq, connections: connections.map((c) => ({ ...c, openedAt: null })) };
}

const ms = (iso: string) => Date.parse(iso);

export class MemoryHistory {
  constructor(private readonly memory: MonitorMemory) {}

  /** ISO time of the oldest thing remembered: the starting table, else the oldest event. */
  recordedSince(): string | null {
    const starting = this.memory.starting();
    if (starting && this.memory.log.complete) return starting.time;
    return this.memory.log.oldest()?.time ?? starting?.time ?? null;
  }

  getHistory(query: HistoryQuery): ConnectionEvent[] {
    return this.memory.log.query(query, this.known());
  }

  /** The starting table's owners, while the log still follows on from it. */
  private known(): readonly TrackedConnection[] {
    const starting = this.memory.starting();
    return starting && this.memory.log.complete ? starting.connections : [];
  }

  getTimeline({ since, until, buckets }: TimelineQuery): Timeline {
    const start = ms(since);
    const bucketMs = (ms(until) - start) / buckets;
    const counts = new Array<number>(buckets).fill(0);
    for (const { event } of this.memory.log.owned()) {
      const i = Math.floor((ms(event.time) - start) / bucketMs);
      if (i >= 0 && i < buckets) counts[i]++;
    }
    return { since, until, bucketMs, counts, recordedSince: this.recordedSince() };
  }

  getTableAt({ at }: { at: string }): TableAt {
    const { log } = this.memory;
    const starting = this.memory.starting();
    const current = this.memory.current();
    if (current.time !== null && ms(at) >= ms(current.time)) return { at, connections: current.connections };
    if (starting === null || ms(at) < ms(starting.time) || !log.complete) {
      const since = this.recordedSince();
      throw new HistoryFault(
        'other',
        `nothing is known of ${at}: history is not being recorded, and the monitor's memory starts at ${since ?? 'its first poll'}`,
      );
    }
    const mirror = new TableMirror(
      starting.connections.map((c) => ({ ...c })),
      starting.seq,
    );
    for (const { event } of log.owned()) {
      if (ms(event.time) > ms(at)) break;
      mirror.apply(event);
    }
    return { at, connections: mirror.connections() };
  }

  getProcessConnections({ pid, since, until }: ProcessConnectionsQuery): ReturnType<ProcessConnections['result']> {
    const start = since === undefined ? Number.NEGATIVE_INFINITY : ms(since);
    const end = until === undefined ? Number.POSITIVE_INFINITY : ms(until);
    const gathered = new ProcessConnections();
    const { log } = this.memory;
    const starting = this.memory.starting();
    if (starting && log.complete) {
      for (const c of starting.connections) if ((c.row.pid ?? c.lastOwner?.pid) === pid) gathered.held(c);
    }
    for (const { event, owner } of log.owned(this.known())) {
      if (ms(event.time) > end) break;
      if (owner?.pid === pid) gathered.apply(event);
      else if (event.type === 'opened') gathered.opened(event.id, event.time);
    }
    return gathered.result(start);
  }
}
