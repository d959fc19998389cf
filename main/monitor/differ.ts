import type { TcpRow } from '../common/types';
import type { ConnectionEvent, TrackedConnection } from '../common/contract/events';
import type { MetricsUpdate, RowUpdate } from '../common/contract/messages';
import { identityKey } from '../common/connection-identity';

export interface DiffResult {
  events: ConnectionEvent[];
  metrics: MetricsUpdate[];
  updates: RowUpdate[];
}

/** The last poll that saw a tracked connection: under a symbol, which JSON never serialises. */
const SEEN_IN: unique symbol = Symbol('seenIn');

/** A tracked connection as the differ keeps it: one object per connection, sent as it is. */
interface Entry extends TrackedConnection {
  [SEEN_IN]: number;
}

/**
 * Turns successive snapshots into connection events. The first snapshot is the starting table
 * and yields no events. Rows sharing an identity are a multiset: matched to tracked ones by
 * inode, then pid, then in order; never merged or dropped.
 *
 * Sources may hand back the very same row object for a connection that did not change (rows are
 * immutable): such rows are recognised by reference, so a steady-state poll costs one map lookup
 * a row. Identity keys are computed only for what needs matching: rows that are not the same
 * object as before, against tracked connections whose row object did not come back.
 */
export class Differ {
  /** Current row object → its entry. */
  private readonly byRow = new Map<TcpRow, Entry>();
  /** Socket cookie → its entry (Linux): a destroy heard between polls finds its connection. */
  private readonly byCookie = new Map<number, Entry>();
  private nextSeq: number;
  private nextId: number;
  private poll = 0;
  /** Cookies of connections closed by this poll's diff and the one before: a destroy that arrives late is no second close. */
  private closedCookies = new Set<number>();
  private closedCookiesBefore = new Set<number>();
  /** 4-tuples of timewait entries first seen by the last poll: a late destroy of the socket that became one is no close. */
  private timeWaitKeysBefore = new Set<string>();
  /**
   * The rows the last full diff was given, in order, each the row of its entry; null once the
   * table changed since (a close heard between polls). A poll handing back these very objects,
   * in this order, changed nothing: the idle fast path.
   */
  private lastRows: TcpRow[] | null = null;

  /** `continueFrom`: the first seq and connection number to use (a recorded history's next ones, so none repeats there). */
  constructor(continueFrom: { seq: number; conn: number } = { seq: 1, conn: 1 }) {
    this.nextSeq = continueFrom.seq;
    this.nextId = continueFrom.conn;
  }

  /** The number the next new connection's id will carry (`c<n>`). */
  get nextConnectionNumber(): number {
    return this.nextId;
  }

  /** Seq of the last event emitted (0 before any). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get size(): number {
    return this.byRow.size;
  }

  /** The tracked connection with this id (a walk of the table: for actions, not for polls). */
  find(id: string): TrackedConnection | undefined {
    for (const entry of this.byRow.values()) if (entry.id === id) return entry;
    return undefined;
  }

  connections(): TrackedConnection[] {
    const out: TrackedConnection[] = [];
    for (const entry of this.byRow.values()) out.push(entry);
    return out;
  }

  /**
   * `destroyed`: the sockets the OS said it freed since the last poll (Linux socket-destroy
   * notifications), drained right after `rows` was read. One whose connection this table held is
   * closed by the diff (with the destroy's final counters); one no poll saw is a short-lived
   * connection, closed at once with `shortLived: true`; one that lives on (in `rows`, or as the
   * TIME_WAIT entry it became) is no close at all.
   */
  apply(rows: readonly TcpRow[], time: string, destroyed: readonly TcpRow[] = []): DiffResult {
    const events: ConnectionEvent[] = [];
    const metrics: MetricsUpdate[] = [];
    const updates: RowUpdate[] = [];
    const starting = this.poll === 0;
    const poll = ++this.poll;
    this.closedCookiesBefore = this.closedCookies;
    this.closedCookies = new Set();
    // Destroys before the starting table are of connections it never had: not reported.
    const pending = starting ? null : pendingDestroys(destroyed, this.closedCookiesBefore);
    // An idle poll: the same row objects as last time, in the same order, and no destroys to
    // join. Nothing changed, so nothing to do: no map lookups, no allocations per row. The one
    // state a full diff would change: no timewait entry was first seen by this poll.
    if (pending === null && this.sameRowsAsLastPoll(rows)) {
      if (this.timeWaitKeysBefore.size > 0) this.timeWaitKeysBefore = new Set();
      return { events, metrics, updates };
    }
    this.lastRows = null;
    const fresh: TcpRow[] = [];
    if (this.byRow.size === 0) {
      // Nothing tracked (the starting table, or everything had closed): every row is new.
      for (const row of rows) {
        if (pending !== null && row.cookie !== undefined) pending.delete(row.cookie);
        this.add(row, time, starting ? null : events, poll);
        fresh.push(row);
      }
      this.shortLived(pending, fresh, time, events);
      this.lastRows = rows.slice();
      return { events, metrics, updates };
    }

    // Unchanged rows come back as the same object. A destroy whose socket is still in the dump
    // (now a TIME_WAIT entry under the same cookie, or freed after the dump passed it) is left to the diff.
    // A full socket freed on entering TIME_WAIT: its entry keeps the cookie, and the destroy the final counters.
    const finals = new Map<number, TcpRow>();
    for (const row of rows) {
      if (pending !== null && row.cookie !== undefined) {
        const destroy = pending.get(row.cookie);
        if (destroy !== undefined && row.state === 'TIME_WAIT') finals.set(row.cookie, destroy);
        pending.delete(row.cookie);
      }
      const entry = this.byRow.get(row);
      if (entry !== undefined && entry[SEEN_IN] !== poll) entry[SEEN_IN] = poll;
      else fresh.push(row);
    }
    // Tracked connections whose row did not come back: changed, or closed.
    const vanished = new Map<string, Entry[]>();
    for (const [row, entry] of this.byRow) {
      if (entry[SEEN_IN] === poll) continue;
      this.byRow.delete(row);
      pushTo(vanished, identityKey(row), entry);
    }

    // Match each new row object against the vanished of its identity.
    const freshByKey = new Map<string, TcpRow[]>();
    for (const row of fresh) {
      if (vanished.size === 0) this.add(row, time, starting ? null : events, poll);
      else pushTo(freshByKey, identityKey(row), row);
    }
    for (const [key, newRows] of freshByKey) {
      const candidates = vanished.get(key) ?? [];
      const { pairs, unmatchedNew } = matchGroup(candidates, newRows);
      for (const [entry, row] of pairs) {
        entry[SEEN_IN] = poll;
        this.update(entry, row, time, { events, metrics, updates }, finals);
        this.byRow.set(row, entry);
      }
      for (const row of unmatchedNew) this.add(row, time, events, poll);
    }
    for (const group of vanished.values()) {
      for (const entry of group) if (entry[SEEN_IN] !== poll) events.push(this.closed(entry, pending, time));
    }
    this.shortLived(pending, fresh, time, events);
    this.lastRows = rows.slice();
    return { events, metrics, updates };
  }

  /**
   * Whether `rows` are the last full diff's rows, object for object. Every one of them is then
   * tracked (the table is exactly as that diff left it: no close heard between polls since), so
   * the table holds as many as `rows`.
   */
  private sameRowsAsLastPoll(rows: readonly TcpRow[]): boolean {
    const last = this.lastRows;
    if (last === null || last.length !== rows.length || this.byRow.size !== rows.length) return false;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== last[i]) return false;
    return true;
  }

  /** The closed event of a tracked connection; its counters the final ones where the kernel sent its destroy. */
  private closed(entry: Entry, pending: Map<number, TcpRow> | null, time: string): ConnectionEvent {
    const cookie = entry.row.cookie;
    if (cookie !== undefined) {
      if (this.byCookie.get(cookie) === entry) this.byCookie.delete(cookie);
      this.closedCookies.add(cookie);
      const destroy = pending?.get(cookie);
      if (destroy !== undefined) {
        pending!.delete(cookie);
        entry.row = { ...entry.row, bytesSent: destroy.bytesSent, bytesReceived: destroy.bytesReceived, rttMs: destroy.rttMs };
      }
    }
    return this.event('closed', entry, time);
  }

  /**
   * The destroys left are of sockets no poll saw. One whose 4-tuple a new timewait entry holds
   * became that entry (the kernel frees a full socket on entering TIME_WAIT, and the entry may get
   * a cookie of its own): no close. Every other is a short-lived connection, closed now.
   */
  private shortLived(
    pending: Map<number, TcpRow> | null,
    fresh: readonly TcpRow[],
    time: string,
    events: ConnectionEvent[],
  ): void {
    const timeWaitKeys = new Set<string>();
    for (const row of fresh) if (row.state === 'TIME_WAIT' || row.state === 'FIN_WAIT_2') timeWaitKeys.add(identityKey(row));
    if (pending !== null) {
      for (const destroy of pending.values()) {
        const key = identityKey(destroy);
        if (timeWaitKeys.has(key) || this.timeWaitKeysBefore.has(key)) continue;
        events.push(this.shortLivedClose(destroy, time));
      }
    }
    this.timeWaitKeysBefore = timeWaitKeys;
  }

  /**
   * Destroys heard between polls, of sockets that ended (the source left out those that became
   * a TIME_WAIT entry): a tracked connection closes now, with its final counters, and leaves the
   * table; one no poll saw is a short-lived connection. Never a connection closed already.
   */
  applyEnded(destroyed: readonly TcpRow[], time: string): ConnectionEvent[] {
    const events: ConnectionEvent[] = [];
    if (this.poll === 0) return events; // before the starting table: connections it never had
    for (const destroy of destroyed) {
      const cookie = destroy.cookie;
      if (cookie === undefined || this.closedCookies.has(cookie) || this.closedCookiesBefore.has(cookie)) continue;
      const entry = this.byCookie.get(cookie);
      if (entry === undefined) {
        events.push(this.shortLivedClose(destroy, time));
        continue;
      }
      this.byRow.delete(entry.row);
      this.lastRows = null; // the table is no longer the last poll's
      events.push(this.closed(entry, new Map([[cookie, destroy]]), time));
    }
    return events;
  }

  /** The closed event of a connection only its destroy told of. */
  private shortLivedClose(destroy: TcpRow, time: string): ConnectionEvent {
    const row: TcpRow = { ...destroy, shortLived: true };
    const connection: TrackedConnection = { id: `c${this.nextId++}`, row, firstSeenAt: time, lastTransition: null };
    this.closedCookies.add(destroy.cookie!);
    return this.event('closed', connection, time);
  }

  private add(row: TcpRow, time: string, events: ConnectionEvent[] | null, poll: number): void {
    const entry: Entry = { id: `c${this.nextId++}`, row, firstSeenAt: time, lastTransition: null, [SEEN_IN]: poll };
    this.byRow.set(row, entry);
    if (row.cookie !== undefined) this.byCookie.set(row.cookie, entry);
    events?.push(this.event('opened', entry, time));
  }

  /** `finals`: destroys of sockets now TIME_WAIT entries, by cookie: the transition's event carries their last counters (the entry has none). */
  private update(tracked: Entry, row: TcpRow, time: string, out: DiffResult, finals: ReadonlyMap<number, TcpRow>): void {
    const before = tracked.row;
    tracked.row = row;
    if (before.cookie !== row.cookie) this.rekey(tracked, before.cookie, row.cookie);
    // Who held it survives the moment its process lets go (TIME_WAIT has no owner).
    if (before.pid !== null && row.pid === null) tracked.lastOwner = { pid: before.pid, processName: before.processName };
    if (before.state !== row.state) {
      tracked.lastTransition = { from: before.state, to: row.state, at: time };
      const event: ConnectionEvent = { ...this.event('state-changed', tracked, time), from: before.state, to: row.state };
      const final = row.cookie === undefined ? undefined : finals.get(row.cookie);
      if (final !== undefined) {
        event.connection = { ...row, bytesSent: final.bytesSent, bytesReceived: final.bytesReceived, rttMs: final.rttMs };
      }
      out.events.push(event);
    } else if (before.pid !== row.pid || before.processName !== row.processName) {
      out.events.push(this.event('owner-changed', tracked, time));
    } else if (DETAIL_FIELDS.some((field) => before[field] !== row[field])) {
      out.updates.push({ id: tracked.id, connection: row });
    } else if (before.bytesSent !== row.bytesSent || before.bytesReceived !== row.bytesReceived || before.rttMs !== row.rttMs) {
      out.metrics.push({
        id: tracked.id,
        bytesSent: row.bytesSent ?? null,
        bytesReceived: row.bytesReceived ?? null,
        rttMs: row.rttMs ?? null,
      });
    }
  }

  private rekey(entry: Entry, before: number | undefined, now: number | undefined): void {
    if (before !== undefined && this.byCookie.get(before) === entry) this.byCookie.delete(before);
    if (now !== undefined) this.byCookie.set(now, entry);
  }

  private event(type: ConnectionEvent['type'], tracked: TrackedConnection, time: string): ConnectionEvent {
    return { seq: this.nextSeq++, time, type, id: tracked.id, connection: tracked.row };
  }
}

/** Destroys by cookie, less those the last two polls' diffs already closed. */
function pendingDestroys(destroyed: readonly TcpRow[], closedBefore: ReadonlySet<number>): Map<number, TcpRow> | null {
  if (destroyed.length === 0) return null;
  const pending = new Map<number, TcpRow>();
  for (const row of destroyed) if (row.cookie !== undefined && !closedBefore.has(row.cookie)) pending.set(row.cookie, row);
  return pending;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const group = map.get(key);
  if (group) group.push(value);
  else map.set(key, [value]);
}

/** Row fields besides identity, state, owner and counters: a change in one is sent as a row update. */
const DETAIL_FIELDS = ['offloadState', 'module', 'createdAt', 'uid', 'inode'] as const satisfies readonly (keyof TcpRow)[];

interface GroupMatch {
  pairs: [Entry, TcpRow][];
  unmatchedNew: TcpRow[];
}

type SamePredicate = (a: TcpRow, b: TcpRow) => boolean;
const sameCookie: SamePredicate = (a, b) => a.cookie !== undefined && a.cookie === b.cookie;
const sameInode: SamePredicate = (a, b) => !!a.inode && a.inode === b.inode;
const samePid: SamePredicate = (a, b) => a.pid !== null && a.pid === b.pid;
/**
 * Could be the same socket: an inode drops to 0 on entering TIME_WAIT, so only two different live
 * inodes rule it out; two different cookies do (Linux); and so does leaving TIME_WAIT, which TCP
 * never does: a new connection on a TIME_WAIT entry's 4-tuple is a close and an open.
 */
const compatible: SamePredicate = (a, b) =>
  !(a.inode && b.inode && a.inode !== b.inode) &&
  !(a.cookie !== undefined && b.cookie !== undefined && a.cookie !== b.cookie) &&
  !(a.state === 'TIME_WAIT' && b.state !== 'TIME_WAIT');

/**
 * Pairs tracked connections with new rows of the same identity: equal cookies, then equal inodes (Linux),
 * then equal pids (Windows), then any compatible pair in order. Unpaired candidates are closed
 * by the caller (they are not marked seen).
 */
function matchGroup(candidates: Entry[], rows: TcpRow[]): GroupMatch {
  if (candidates.length === 0) return { pairs: [], unmatchedNew: rows };
  if (candidates.length === 1 && rows.length === 1) {
    return compatible(candidates[0].row, rows[0])
      ? { pairs: [[candidates[0], rows[0]]], unmatchedNew: [] }
      : { pairs: [], unmatchedNew: rows };
  }
  const pairs: [Entry, TcpRow][] = [];
  const left = [...candidates];
  let newLeft = [...rows];
  for (const same of [sameCookie, sameInode, samePid, compatible]) {
    const stillNew: TcpRow[] = [];
    for (const row of newLeft) {
      const i = left.findIndex((e) => same(e.row, row));
      if (i >= 0) pairs.push([left.splice(i, 1)[0], row]);
      else stillNew.push(row);
    }
    newLeft = stillNew;
  }
  return { pairs, unmatchedNew: newLeft };
}
