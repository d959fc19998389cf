/**
 * The connection table rebuilt from events, as the differ keeps it: the recorder follows the
 * monitor's table with it (to write keyframes without asking the poll thread), and a moment in
 * the past is rebuilt with it from a keyframe and the events after.
 */
import type { ConnectionEvent, Owner, TrackedConnection } from '../../common/contract/events';
import type { MetricsUpdate, RowUpdate } from '../../common/contract/messages';
import type { TcpRow } from '../../common/types';

/** A tracked connection, and when it was seen opening (null: already open when first seen). */
export interface MirroredConnection extends TrackedConnection {
  openedAt: string | null;
}

/** Who owned a connection: its row's process, or the last one seen once it has none. */
export function effectiveOwner(row: TcpRow, lastOwner: Owner | undefined): Owner | null {
  return row.pid !== null ? { pid: row.pid, processName: row.processName } : (lastOwner ?? null);
}

export class TableMirror {
  private readonly byId = new Map<string, MirroredConnection>();

  /** `lastSeq`: the seq of the last event the starting connections include. */
  constructor(
    connections: Iterable<MirroredConnection>,
    public lastSeq: number,
  ) {
    for (const c of connections) this.byId.set(c.id, c);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Applies one event; returns who owned the connection at that event. */
  apply(event: ConnectionEvent): Owner | null {
    this.lastSeq = event.seq;
    const row = event.connection;
    const entry = this.byId.get(event.id);
    if (event.type === 'closed') {
      this.byId.delete(event.id);
      return effectiveOwner(row, entry?.lastOwner);
    }
    if (entry === undefined) {
      // Opened, or (after a gap in what was recorded) a connection first met mid-life.
      const opened = event.type === 'opened';
      const added: MirroredConnection = {
        id: event.id,
        row,
        firstSeenAt: event.time,
        lastTransition: null,
        openedAt: opened ? event.time : null,
      };
      this.byId.set(event.id, added);
      return effectiveOwner(row, undefined);
    }
    const before = entry.row;
    entry.row = row;
    if (before.pid !== null && row.pid === null) entry.lastOwner = { pid: before.pid, processName: before.processName };
    if (event.type === 'state-changed' && event.from !== undefined && event.to !== undefined) {
      entry.lastTransition = { from: event.from, to: event.to, at: event.time };
    }
    return effectiveOwner(row, entry.lastOwner);
  }

  /** Counters that moved without an event. */
  applyMetrics(metrics: readonly MetricsUpdate[]): void {
    for (const m of metrics) {
      const entry = this.byId.get(m.id);
      if (entry) entry.row = { ...entry.row, bytesSent: m.bytesSent, bytesReceived: m.bytesReceived, rttMs: m.rttMs };
    }
  }

  /** Rows whose other details changed without an event. */
  applyUpdates(updates: readonly RowUpdate[]): void {
    for (const u of updates) {
      const entry = this.byId.get(u.id);
      if (entry) entry.row = u.connection;
    }
  }

  entries(): IterableIterator<MirroredConnection> {
    return this.byId.values();
  }

  /** The table as TrackedConnections (what a snapshot carries). */
  connections(): TrackedConnection[] {
    const out: TrackedConnection[] = [];
    for (const { openedAt: _openedAt, ...tracked } of this.byId.values()) out.push(tracked);
    return out;
  }
}
