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
import { connId, connValue, ROW_COLUMNS, rowFromValues, stateName, stateNumber, type SqlValue } from './row-codec';
import { ProcessConnections } from './process-connections';
import { EVENT_COLUMNS, EVENT_TYPES, KEYFRAME_ROW_COLUMNS, type OwnedEvent } from './store-writer';
import { selectJsonRows } from './json-rows';
import { TableMirror, type MirroredConnection } from './table-mirror';

interface Keyframe {
  id: number;
  time: number;
  seq: number;
}

/** The events of a query, which way round. */
export type Order = 'oldest-first' | 'newest-first';

/** Where the row's columns start in an event's values (EVENT_COLUMNS) and a keyframe row's (KEYFRAME_ROW_COLUMNS). */
const EVENT_ROW_AT = EVENT_COLUMNS.length - ROW_COLUMNS.length;
const KEYFRAME_ROW_AT = KEYFRAME_ROW_COLUMNS.length - ROW_COLUMNS.length;
const EVENT_SELECT = `SELECT ${EVENT_COLUMNS.join(', ')} FROM events`;
const KEYFRAME_SELECT = `SELECT ${KEYFRAME_ROW_COLUMNS.join(', ')} FROM keyframe_rows`;
const OPENED_TYPE = EVENT_TYPES.indexOf('opened');
/** Ids bound in one query: well under SQLite's 32 766 variables. */
const OPENINGS_PER_QUERY = 500;

function eventFromValues(v: readonly SqlValue[]): OwnedEvent {
  const [seq, time, type, conn, ownerPid, ownerName, fromState] = v as [
    number,
    number,
    number,
    number | string,
    number | null,
    string | null,
    number | null,
  ];
  const connection = rowFromValues(v, EVENT_ROW_AT);
  const event: ConnectionEvent = { seq, time: isoTime(time), type: EVENT_TYPES[type], id: connId(conn), connection };
  if (fromState !== null) {
    event.from = stateName(fromState);
    event.to = connection.state;
  }
  return { event, owner: ownerPid === null ? null : { pid: ownerPid, processName: ownerName } };
}

/** The seq and time of an event's values, without decoding the rest. */
const eventSeq = (v: readonly SqlValue[]) => v[0] as number;
const eventTime = (v: readonly SqlValue[]) => v[1] as number;

function connectionFromValues(v: readonly SqlValue[], times: IsoTimes): MirroredConnection {
  const [, conn, firstSeen, openedAt, transitionFrom, transitionTo, transitionAt, lastOwnerPid, lastOwnerName] = v as [
    number,
    number | string,
    number,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    string | null,
  ];
  const c: MirroredConnection = {
    id: connId(conn),
    row: rowFromValues(v, KEYFRAME_ROW_AT),
    firstSeenAt: times.of(firstSeen),
    lastTransition:
      transitionFrom === null || transitionTo === null || transitionAt === null
        ? null
        : { from: stateName(transitionFrom), to: stateName(transitionTo), at: times.of(transitionAt) },
    openedAt: openedAt === null ? null : times.of(openedAt),
  };
  if (lastOwnerPid !== null) c.lastOwner = { pid: lastOwnerPid, processName: lastOwnerName };
  return c;
}

/** ISO times of a keyframe's rows, made once each: most rows share the few times the table was first seen. */
class IsoTimes {
  private readonly texts = new Map<number, string>();
  of(ms: number): string {
    let text = this.texts.get(ms);
    if (text === undefined) this.texts.set(ms, (text = isoTime(ms)));
    return text;
  }
}

const ms = (iso: string) => Date.parse(iso);
/** Rows a query of a whole table reads at a time: a few MB of JSON text. */
const READ_CHUNK = 10_000;

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
    const sql = `${EVENT_SELECT} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq ${order === 'newest-first' ? 'DESC' : 'ASC'}`;
    // SQL narrows by what it can index or compare; the rest (scope ids, text) is the one matcher's.
    const matches = eventMatcher(query);
    for (const values of this.db
      .prepare<SqlValue[], SqlValue[]>(sql)
      .raw()
      .iterate(...params)) {
      const owned = eventFromValues(values);
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
    const mirror = new TableMirror(this.keyframeConnections(keyframe.id), keyframe.seq);
    const select = `${EVENT_SELECT} WHERE seq > ? ORDER BY seq LIMIT ${READ_CHUNK}`;
    for (let after = keyframe.seq; ;) {
      const events = selectJsonRows(this.db, EVENT_COLUMNS, select, [after]);
      for (const values of events) {
        if (eventTime(values) > atMs) return mirror;
        mirror.apply(eventFromValues(values).event);
        after = eventSeq(values);
      }
      if (events.length < READ_CHUNK) return mirror;
    }
  }

  /** A keyframe's connections, read a range of rowids at a time (its rows were written together). */
  private *keyframeConnections(keyframe: number): Generator<MirroredConnection> {
    const range = this.db
      .prepare<[number], [number | null, number | null]>('SELECT min(rowid), max(rowid) FROM keyframe_rows WHERE keyframe = ?')
      .raw()
      .get(keyframe);
    const [low, high] = range ?? [null, null];
    if (low === null || high === null) return;
    const times = new IsoTimes();
    // `+keyframe`: scan the rowid range itself, not the (keyframe, owner) index.
    const select = `${KEYFRAME_SELECT} WHERE rowid BETWEEN ? AND ? AND +keyframe = ?`;
    for (let from = low; from <= high; from += READ_CHUNK) {
      for (const values of selectJsonRows(this.db, KEYFRAME_ROW_COLUMNS, select, [from, from + READ_CHUNK - 1, keyframe]))
        yield connectionFromValues(values, times);
    }
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
        .prepare<[number, number], SqlValue[]>(`${KEYFRAME_SELECT} WHERE keyframe = ? AND owner_pid = ?`)
        .raw()
        .all(keyframe.id, pid);
      const times = new IsoTimes();
      for (const values of rows) gathered.held(connectionFromValues(values, times));
    }
    const events = this.db
      .prepare<[number, number, number], SqlValue[]>(`${EVENT_SELECT} WHERE owner_pid = ? AND seq > ? AND time <= ? ORDER BY seq`)
      .raw()
      .iterate(pid, keyframe?.seq ?? 0, end);
    for (const values of events) gathered.apply(eventFromValues(values).event);
    this.findOpenings(gathered, keyframe?.seq ?? 0);
    return gathered.result(start);
  }

  /** Openings recorded before the process was known as the owner (no owner_pid on them). */
  private findOpenings(gathered: ProcessConnections, afterSeq: number): void {
    const missing = gathered.openingsMissing().map(connValue);
    for (let i = 0; i < missing.length; i += OPENINGS_PER_QUERY) {
      const ids = missing.slice(i, i + OPENINGS_PER_QUERY);
      const rows = this.db
        .prepare<SqlValue[], [number | string, number]>(
          `SELECT conn, time FROM events WHERE seq > ? AND type = ? AND conn IN (${ids.map(() => '?').join(', ')})`,
        )
        .raw()
        .all(afterSeq, OPENED_TYPE, ...ids);
      for (const [conn, time] of rows) gathered.opened(connId(conn), isoTime(time));
    }
  }
}
