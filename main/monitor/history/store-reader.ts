/** Reads the recorded history: events by query, counts per time bucket, the table at a moment, a process's connections. */
import type { ConnectionEvent } from '../../common/contract/events';
import type {
  HistoryQuery,
  ProcessConnection,
  ProcessConnectionsQuery,
  TableAt,
  Timeline,
  TimelineQuery,
} from '../../common/contract/requests';
import { isoTime } from '../../common/time-text';
import { eventMatcher } from './event-filter';
import { HistoryFault, type Db } from './history-db';
import { connId, rowFromStored, stateName, stateNumber, type SqlValue, type StoredRow } from './row-codec';
import { ProcessConnections } from './process-connections';
import { EVENT_TYPES, type OwnedEvent } from './store-writer';
import { TableMirror, type MirroredConnection } from './table-mirror';

interface StoredEvent extends StoredRow {
  seq: number;
  time: number;
  type: number;
  conn: number | string;
  owner_pid: number | null;
  owner_name: string | null;
  from_state: number | null;
}

interface StoredKeyframeRow extends StoredRow {
  conn: number | string;
  first_seen: number;
  opened_at: number | null;
  transition_from: number | null;
  transition_to: number | null;
  transition_at: number | null;
  last_owner_pid: number | null;
  last_owner_name: string | null;
}

interface Keyframe {
  id: number;
  time: number;
  seq: number;
}

/** The events of a query, which way round. */
export type Order = 'oldest-first' | 'newest-first';

function eventFromStored(s: StoredEvent): OwnedEvent {
  const connection = rowFromStored(s);
  const event: ConnectionEvent = { seq: s.seq, time: isoTime(s.time), type: EVENT_TYPES[s.type], id: connId(s.conn), connection };
  if (s.from_state !== null) {
    event.from = stateName(s.from_state);
    event.to = connection.state;
  }
  return { event, owner: s.owner_pid === null ? null : { pid: s.owner_pid, processName: s.owner_name } };
}

function connectionFromStored(s: StoredKeyframeRow): MirroredConnection {
  const c: MirroredConnection = {
    id: connId(s.conn),
    row: rowFromStored(s),
    firstSeenAt: isoTime(s.first_seen),
    lastTransition:
      s.transition_from === null || s.transition_to === null || s.transition_at === null
        ? null
        : { from: stateName(s.transition_from), to: stateName(s.transition_to), at: isoTime(s.transition_at) },
    openedAt: s.opened_at === null ? null : isoTime(s.opened_at),
  };
  if (s.last_owner_pid !== null) c.lastOwner = { pid: s.last_owner_pid, processName: s.last_owner_name };
  return c;
}

const ms = (iso: string) => Date.parse(iso);

export class StoreReader {
  constructor(private readonly db: Db) {}

  /** ISO time of the oldest record (event or keyframe); null in an empty database. */
  recordedSince(): string | null {
    const e = this.db.prepare('SELECT min(time) AS t FROM events').get() as { t: number | null };
    const k = this.db.prepare('SELECT min(time) AS t FROM keyframes').get() as { t: number | null };
    const times = [e.t, k.t].filter((t): t is number => t !== null);
    return times.length === 0 ? null : isoTime(Math.min(...times));
  }

  /** The newest `limit` events matching, oldest first. */
  getHistory(query: HistoryQuery): ConnectionEvent[] {
    const out: ConnectionEvent[] = [];
    for (const { event } of this.events(query, 'newest-first')) {
      out.push(event);
      if (out.length >= query.limit) break;
    }
    return out.reverse();
  }

  /** Every event matching the query (its limit aside), with its owner, as they are read. */
  *events(query: Omit<HistoryQuery, 'limit'>, order: Order): Generator<OwnedEvent> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    const where = (sql: string, ...values: SqlValue[]) => {
      conditions.push(sql);
      params.push(...values);
    };
    if (query.since !== undefined || query.until !== undefined) {
      // Time bounds as seq bounds (seq rises with time), so the scan runs along the primary key.
      const range = this.seqRange(query.since, query.until);
      if (range === null) return;
      where('seq BETWEEN ? AND ?', range.low, range.high);
      if (query.since !== undefined) where('time >= ?', ms(query.since));
      if (query.until !== undefined) where('time <= ?', ms(query.until));
    }
    if (query.beforeSeq !== undefined) where('seq < ?', query.beforeSeq);
    if (query.pid !== undefined) where('owner_pid = ?', query.pid);
    if (query.process !== undefined) where('owner_name = ?', query.process);
    if (query.remote !== undefined) where('raddr = ?', query.remote.split('%')[0]);
    if (query.port !== undefined) where('(lport = ? OR rport = ?)', query.port, query.port);
    if (query.state !== undefined) where('state = ?', stateNumber(query.state));
    const sql = `SELECT * FROM events ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq ${order === 'newest-first' ? 'DESC' : 'ASC'}`;
    // SQL narrows by what it can index or compare; the rest (scope ids, text) is the one matcher's.
    const matches = eventMatcher(query);
    for (const stored of this.db.prepare<SqlValue[], StoredEvent>(sql).iterate(...params)) {
      const owned = eventFromStored(stored);
      if (matches(owned)) yield owned;
    }
  }

  /** The seqs of the first event at or after `since` and the last at or before `until`; null if none is between. */
  private seqRange(since: string | undefined, until: string | undefined): { low: number; high: number } | null {
    const low =
      since === undefined
        ? 0
        : (
            this.db.prepare('SELECT seq FROM events WHERE time >= ? ORDER BY time, seq LIMIT 1').get(ms(since)) as
              { seq: number } | undefined
          )?.seq;
    const high =
      until === undefined
        ? Number.MAX_SAFE_INTEGER
        : (
            this.db.prepare('SELECT seq FROM events WHERE time <= ? ORDER BY time DESC, seq DESC LIMIT 1').get(ms(until)) as
              { seq: number } | undefined
          )?.seq;
    return low === undefined || high === undefined || low > high ? null : { low, high };
  }

  getTimeline({ since, until, buckets }: TimelineQuery): Timeline {
    const start = ms(since);
    const bucketMs = (ms(until) - start) / buckets;
    const before = this.db.prepare('SELECT before FROM polls WHERE time >= ? ORDER BY time, before LIMIT 1').pluck();
    const total = (this.db.prepare("SELECT value FROM meta WHERE key = 'stored'").pluck().get() as number | undefined) ?? 0;
    // Events stored before time t: a poll's `before` counts them, so each bucket costs two index look-ups.
    const storedBefore = (t: number) => (before.get(t) as number | undefined) ?? total;
    const counts: number[] = [];
    let edge = storedBefore(start);
    for (let i = 1; i <= buckets; i++) {
      const next = storedBefore(start + i * bucketMs);
      counts.push(Math.max(0, next - edge));
      edge = next;
    }
    return { since, until, bucketMs, counts, recordedSince: this.recordedSince() };
  }

  /** The table at `at`: the nearest keyframe at or before it, and the events after it up to `at`. */
  getTableAt({ at }: { at: string }): TableAt {
    const mirror = this.tableAt(ms(at));
    if (mirror === null) {
      const since = this.recordedSince();
      throw new HistoryFault(
        'other',
        since === null ? 'no history has been recorded yet' : `nothing recorded at ${at}: the history starts at ${since}`,
      );
    }
    return { at, connections: mirror.connections() };
  }

  /** The table at a moment, or null where no keyframe is that old. */
  tableAt(atMs: number): TableMirror | null {
    const keyframe = this.db
      .prepare('SELECT id, time, seq FROM keyframes WHERE time <= ? ORDER BY time DESC, id DESC LIMIT 1')
      .get(atMs) as Keyframe | undefined;
    if (!keyframe) return null;
    const rows = this.db.prepare<[number], StoredKeyframeRow>('SELECT * FROM keyframe_rows WHERE keyframe = ?').all(keyframe.id);
    const mirror = new TableMirror(rows.map(connectionFromStored), keyframe.seq);
    for (const stored of this.db
      .prepare<[number], StoredEvent>('SELECT * FROM events WHERE seq > ? ORDER BY seq')
      .iterate(keyframe.seq)) {
      if (stored.time > atMs) break;
      mirror.apply(eventFromStored(stored).event);
    }
    return mirror;
  }

  /**
   * Every connection the process had in the period: those it held at the start (from the keyframe
   * before it) and those its events name, each with its last row up to the period's end.
   */
  getProcessConnections({ pid, since, until }: ProcessConnectionsQuery): { connections: ProcessConnection[] } {
    const start = since === undefined ? Number.NEGATIVE_INFINITY : ms(since);
    const end = until === undefined ? Date.now() : ms(until);
    // The table at the start (or, from before the oldest keyframe, at that keyframe).
    const keyframe = (this.db
      .prepare('SELECT id, time, seq FROM keyframes WHERE time <= ? ORDER BY time DESC, id DESC LIMIT 1')
      .get(start) ?? this.db.prepare('SELECT id, time, seq FROM keyframes ORDER BY time, id LIMIT 1').get()) as
      Keyframe | undefined;
    const gathered = new ProcessConnections();
    if (keyframe) {
      const rows = this.db
        .prepare<[number, number], StoredKeyframeRow>('SELECT * FROM keyframe_rows WHERE keyframe = ? AND owner_pid = ?')
        .all(keyframe.id, pid);
      for (const row of rows) gathered.held(connectionFromStored(row));
    }
    const events = this.db
      .prepare<[number, number, number], StoredEvent>(
        'SELECT * FROM events WHERE owner_pid = ? AND seq > ? AND time <= ? ORDER BY seq',
      )
      .iterate(pid, keyframe?.seq ?? 0, end);
    for (const stored of events) gathered.apply(eventFromStored(stored).event);
    return gathered.result(start);
  }
}
