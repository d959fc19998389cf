import type { TcpRow } from '../../native-bridge/types';
import type { ConnectionEvent, TrackedConnection } from '../contract/events';
import type { MetricsUpdate } from '../contract/messages';
import { identityKey } from './connection-identity';

export interface DiffResult {
  events: ConnectionEvent[];
  metrics: MetricsUpdate[];
}

/**
 * Turns successive snapshots into connection events. The first snapshot is the starting table
 * and yields no events. Rows sharing an identity are a multiset: matched to tracked ones by
 * discriminator first, then in order; never merged or dropped.
 */
export class Differ {
  /** identity key → tracked connections with that identity (usually exactly one). */
  private byKey = new Map<string, TrackedConnection[]>();
  private nextSeq = 1;
  private nextId = 1;
  private started = false;

  /** Seq of the last event emitted (0 before any). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get size(): number {
    let n = 0;
    for (const group of this.byKey.values()) n += group.length;
    return n;
  }

  connections(): TrackedConnection[] {
    const out: TrackedConnection[] = [];
    for (const group of this.byKey.values()) for (const c of group) out.push(c);
    return out;
  }

  apply(rows: readonly TcpRow[], time: string): DiffResult {
    const events: ConnectionEvent[] = [];
    const metrics: MetricsUpdate[] = [];
    const emit = !this.started;
    this.started = true;

    const incoming = groupByKey(rows);
    const next = new Map<string, TrackedConnection[]>();

    for (const [key, newRows] of incoming) {
      const old = this.byKey.get(key);
      const kept: TrackedConnection[] = [];
      if (old === undefined) {
        for (const row of newRows) kept.push(this.open(row, time, emit ? null : events));
      } else {
        const { pairs, unmatchedNew, unmatchedOld } = matchGroup(old, newRows);
        for (const [tracked, row] of pairs) kept.push(this.update(tracked, row, time, events, metrics));
        for (const row of unmatchedNew) kept.push(this.open(row, time, events));
        for (const tracked of unmatchedOld) this.close(tracked, time, events);
        this.byKey.delete(key);
      }
      next.set(key, kept);
    }
    // Whatever identities did not come back are closed.
    for (const group of this.byKey.values()) for (const tracked of group) this.close(tracked, time, events);
    this.byKey = next;
    return { events, metrics };
  }

  private open(row: TcpRow, time: string, events: ConnectionEvent[] | null): TrackedConnection {
    const tracked: TrackedConnection = { id: `c${this.nextId++}`, row, firstSeenAt: time, lastTransition: null };
    if (events) events.push(this.event('opened', tracked, time));
    return tracked;
  }

  private update(
    tracked: TrackedConnection,
    row: TcpRow,
    time: string,
    events: ConnectionEvent[],
    metrics: MetricsUpdate[],
  ): TrackedConnection {
    const before = tracked.row;
    tracked.row = row;
    if (before.state !== row.state) {
      tracked.lastTransition = { from: before.state, to: row.state, at: time };
      events.push({ ...this.event('state-changed', tracked, time), from: before.state, to: row.state });
    } else if (before.pid !== row.pid || before.processName !== row.processName) {
      events.push(this.event('owner-changed', tracked, time));
    } else if (
      before.bytesSent !== row.bytesSent ||
      before.bytesReceived !== row.bytesReceived ||
      before.rttMs !== row.rttMs
    ) {
      metrics.push({
        id: tracked.id,
        bytesSent: row.bytesSent ?? null,
        bytesReceived: row.bytesReceived ?? null,
        rttMs: row.rttMs ?? null,
      });
    }
    return tracked;
  }

  private close(tracked: TrackedConnection, time: string, events: ConnectionEvent[]): void {
    events.push(this.event('closed', tracked, time));
  }

  private event(type: ConnectionEvent['type'], tracked: TrackedConnection, time: string): ConnectionEvent {
    return { seq: this.nextSeq++, time, type, id: tracked.id, connection: tracked.row };
  }
}

function groupByKey(rows: readonly TcpRow[]): Map<string, TcpRow[]> {
  const groups = new Map<string, TcpRow[]>();
  for (const row of rows) {
    const key = identityKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

interface GroupMatch {
  pairs: [TrackedConnection, TcpRow][];
  unmatchedNew: TcpRow[];
  unmatchedOld: TrackedConnection[];
}

type SamePredicate = (a: TcpRow, b: TcpRow) => boolean;
const sameInode: SamePredicate = (a, b) => !!a.inode && a.inode === b.inode;
const samePid: SamePredicate = (a, b) => a.pid !== null && a.pid === b.pid;
/** Could be the same socket: an inode drops to 0 on entering TIME_WAIT, so only two different live inodes rule it out. */
const compatible: SamePredicate = (a, b) => !(a.inode && b.inode && a.inode !== b.inode);

/**
 * Pairs tracked connections with new rows of the same identity: equal inodes first (Linux),
 * then equal pids (Windows), then any compatible pair in order.
 */
function matchGroup(old: TrackedConnection[], rows: TcpRow[]): GroupMatch {
  if (old.length === 1 && rows.length === 1) {
    return compatible(old[0].row, rows[0])
      ? { pairs: [[old[0], rows[0]]], unmatchedNew: [], unmatchedOld: [] }
      : { pairs: [], unmatchedNew: rows, unmatchedOld: old };
  }
  const pairs: [TrackedConnection, TcpRow][] = [];
  const oldLeft = [...old];
  let newLeft = [...rows];
  for (const same of [sameInode, samePid, compatible]) {
    const stillNew: TcpRow[] = [];
    for (const row of newLeft) {
      const i = oldLeft.findIndex((t) => same(t.row, row));
      if (i >= 0) pairs.push([oldLeft.splice(i, 1)[0], row]);
      else stillNew.push(row);
    }
    newLeft = stillNew;
  }
  return { pairs, unmatchedNew: newLeft, unmatchedOld: oldLeft };
}
