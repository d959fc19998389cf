/**
 * Writes the history: one transaction per poll (its events, and a keyframe when one is due),
 * and prunes the oldest records by age and size in small steps.
 */
import type { ConnectionEvent, Owner } from '../../common/contract/events';
import type { Db } from './history-db';
import { connValue, ROW_COLUMNS, rowValues, stateNumber, type SqlValue } from './row-codec';
import { effectiveOwner, type MirroredConnection } from './table-mirror';

export const EVENT_TYPES = ['opened', 'state-changed', 'owner-changed', 'closed'] as const;
const EVENT_TYPE_NUMBER = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));

export interface Retention {
  /** Records older than this go. */
  maxAgeMs: number;
  /** The oldest records go while the database holds more than this. */
  maxBytes: number;
}
export const DEFAULT_RETENTION: Retention = { maxAgeMs: 7 * 24 * 3_600_000, maxBytes: 1024 ** 3 };

/** An event and who owned its connection at that moment. */
export interface OwnedEvent {
  event: ConnectionEvent;
  owner: Owner | null;
}

export interface PollRecord {
  events: readonly OwnedEvent[];
  /** The next connection number the monitor will use (so a later run continues after it). */
  nextConn: number;
  /** The whole table after this poll's events, when a keyframe is due. */
  keyframe: { time: string; seq: number; connections: Iterable<MirroredConnection> } | null;
}

/** Where the next run's seq and connection numbers start. */
export interface ContinueFrom {
  seq: number;
  conn: number;
}

/** Rows one pruning statement deletes at most: a few milliseconds of work. */
const PRUNE_CHUNK = 2_000;
/** Pages one incremental vacuum gives back at most (4 MiB of 4 KiB pages). */
const VACUUM_PAGES = 1_024;

export type PruneResult = 'idle' | 'more' | 'need-keyframe';

/** The columns of an event and of a keyframe's row, in the order the writer gives their values. */
export const EVENT_COLUMNS = ['seq', 'time', 'type', 'conn', 'owner_pid', 'owner_name', 'from_state', ...ROW_COLUMNS];
export const KEYFRAME_ROW_COLUMNS = [
  'keyframe',
  'conn',
  'first_seen',
  'opened_at',
  'transition_from',
  'transition_to',
  'transition_at',
  'last_owner_pid',
  'last_owner_name',
  'owner_pid',
  ...ROW_COLUMNS,
];

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const ms = (iso: string) => Date.parse(iso);

export class StoreWriter {
  private readonly insertEvent;
  private readonly insertPoll;
  private readonly insertKeyframe;
  private readonly insertKeyframeRow;
  private readonly setMeta;
  private readonly writeTransaction;
  private stored: number;

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare<SqlValue[]>(
      `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${placeholders(EVENT_COLUMNS.length)})`,
    );
    this.insertPoll = db.prepare<[number, number]>('INSERT OR IGNORE INTO polls (time, before) VALUES (?, ?)');
    this.insertKeyframe = db.prepare<[number, number, number]>('INSERT INTO keyframes (time, seq, rows) VALUES (?, ?, ?)');
    this.insertKeyframeRow = db.prepare<SqlValue[]>(
      `INSERT INTO keyframe_rows (${KEYFRAME_ROW_COLUMNS.join(', ')}) VALUES (${placeholders(KEYFRAME_ROW_COLUMNS.length)})`,
    );
    this.setMeta = db.prepare<[string, SqlValue]>('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.stored = this.meta('stored') ?? 0;
    this.writeTransaction = db.transaction((poll: PollRecord) => this.writeInTransaction(poll));
  }

  /** Where a new monitor's seq and connection numbers start, so that none repeats in this file. */
  continueFrom(): ContinueFrom {
    return { seq: this.meta('next_seq') ?? 1, conn: this.meta('next_conn') ?? 1 };
  }

  /** Names the recording process, for a second one's message. */
  setRecorder(pid: number): void {
    this.setMeta.run('recorder_pid', pid);
  }

  /** One poll, all or nothing. */
  write(poll: PollRecord): void {
    this.writeTransaction(poll);
  }

  private writeInTransaction({ events, nextConn, keyframe }: PollRecord): void {
    let lastTime = '';
    let lastTimeMs = 0;
    let nextSeq = 0;
    if (events.length > 0) this.insertPoll.run(ms(events[0].event.time), this.stored);
    for (const { event, owner } of events) {
      if (event.time !== lastTime) lastTimeMs = ms((lastTime = event.time));
      const type = EVENT_TYPE_NUMBER.get(event.type);
      if (type === undefined) throw new Error(`unknown event type ${JSON.stringify(event.type)}`);
      this.insertEvent.run(
        event.seq,
        lastTimeMs,
        type,
        connValue(event.id),
        owner?.pid ?? null,
        owner?.processName ?? null,
        event.from === undefined ? null : stateNumber(event.from),
        ...rowValues(event.connection),
      );
      nextSeq = Math.max(nextSeq, event.seq + 1);
    }
    this.stored += events.length;
    if (events.length > 0) {
      this.setMeta.run('stored', this.stored);
      this.setMeta.run('next_seq', nextSeq);
    }
    if (keyframe) {
      const connections = [...keyframe.connections];
      const id = Number(this.insertKeyframe.run(ms(keyframe.time), keyframe.seq, connections.length).lastInsertRowid);
      for (const c of connections) this.insertKeyframeRow.run(...keyframeRowValues(id, c));
      if ((this.meta('next_seq') ?? 1) <= keyframe.seq) this.setMeta.run('next_seq', keyframe.seq + 1);
    }
    this.setMeta.run('next_conn', nextConn);
  }

  /** The room the records take (pages in use; the file may be larger until vacuumed). */
  usedBytes(): number {
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /**
   * One small step of pruning: deletes at most PRUNE_CHUNK rows, or gives back at most
   * VACUUM_PAGES pages. 'more' while there is more to do; 'need-keyframe' when only a newer
   * keyframe would let the oldest records go (the database is over its size with one keyframe).
   *
   * The oldest keyframe is the base every rebuilt moment starts from: it goes only once a newer
   * one is old enough (or room is short), and before its rows, so no half-deleted keyframe is
   * ever read. Events older than the base keyframe are then deleted, oldest first.
   */
  pruneStep(now: number, { maxAgeMs, maxBytes }: Retention): PruneResult {
    const cutoff = now - maxAgeMs;
    const overSize = this.usedBytes() > maxBytes;
    const keyframes = this.db.prepare('SELECT id, time, seq FROM keyframes ORDER BY id LIMIT 2').all() as {
      id: number;
      time: number;
      seq: number;
    }[];
    const [base, next] = keyframes;
    // Rows of keyframes already deleted.
    const orphanRows = this.db
      .prepare('DELETE FROM keyframe_rows WHERE rowid IN (SELECT rowid FROM keyframe_rows WHERE keyframe < ? LIMIT ?)')
      .run(base?.id ?? Number.MAX_SAFE_INTEGER, PRUNE_CHUNK);
    if (orphanRows.changes > 0) return 'more';
    // Events from before the base keyframe: old, or room is short.
    const before = base?.seq ?? Number.MAX_SAFE_INTEGER;
    const oldEvents = this.db
      .prepare(
        `DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq <= ? ${overSize ? '' : 'AND time < ?'} ORDER BY seq LIMIT ?)`,
      )
      .run(...(overSize ? [before, PRUNE_CHUNK] : [before, cutoff, PRUNE_CHUNK]));
    if (oldEvents.changes > 0) {
      this.deletePollsBeforeOldestEvent();
      return 'more';
    }
    if (base && next && (overSize || next.time <= cutoff)) {
      this.db.prepare('DELETE FROM keyframes WHERE id = ?').run(base.id);
      return 'more';
    }
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    if (free > 0) {
      this.db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
      return free > VACUUM_PAGES ? 'more' : 'idle';
    }
    const eventsAfterBase = base ? this.db.prepare('SELECT 1 FROM events WHERE seq > ? LIMIT 1').get(base.seq) : undefined;
    return overSize && base && !next && eventsAfterBase ? 'need-keyframe' : 'idle';
  }

  private deletePollsBeforeOldestEvent(): void {
    const oldest = this.db.prepare('SELECT min(time) AS t FROM events').get() as { t: number | null };
    this.db
      .prepare('DELETE FROM polls WHERE (time, before) IN (SELECT time, before FROM polls WHERE time < ? ORDER BY time LIMIT ?)')
      .run(oldest.t ?? Number.MAX_SAFE_INTEGER, PRUNE_CHUNK);
  }

  private meta(key: string): number | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: number } | undefined;
    return row?.value;
  }
}

function keyframeRowValues(keyframe: number, c: MirroredConnection): SqlValue[] {
  const owner = effectiveOwner(c.row, c.lastOwner);
  const t = c.lastTransition;
  return [
    keyframe,
    connValue(c.id),
    ms(c.firstSeenAt),
    c.openedAt === null ? null : ms(c.openedAt),
    t ? stateNumber(t.from) : null,
    t ? stateNumber(t.to) : null,
    t ? ms(t.at) : null,
    c.lastOwner?.pid ?? null,
    c.lastOwner?.processName ?? null,
    owner?.pid ?? null,
    ...rowValues(c.row),
  ];
}
