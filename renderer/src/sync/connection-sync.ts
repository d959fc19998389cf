/**
 * Keeps the renderer's view of the connection table consistent with the monitor's event stream
 * and turns every message into one grid transaction ({add, update, remove} keyed by row id).
 *
 * Rules: a snapshot at seq S is authoritative; after it, only events S+1, S+2, … apply, in order.
 * Events already applied (seq ≤ last) are dropped; a hole in the sequence means something was
 * missed, so the sync asks for a snapshot and ignores batches until one arrives.
 *
 * A big snapshot arrives in parts (its first rows, then SnapshotRowsMessages): a new table shows
 * its first rows at once and the rest in a few big transactions as they come; a resync compares
 * the whole table once its last part is in.
 *
 * Per-refresh work is proportional to the events in it plus the rows still highlighted — never
 * to the table size — so 100 000 quiet rows cost nothing.
 */
import type {
  EventsMessage,
  MetricsUpdate,
  RowUpdate,
  SnapshotMessage,
  SnapshotRowsMessage,
} from '../../../main/common/contract/messages';
import type { ConnectionEvent, TrackedConnection } from '../../../main/common/contract/events';
import {
  carriedOwner,
  makeGridRow,
  sameOwner,
  sameTcpRow,
  sameTransition,
  type ConnectionGridRow,
  type GridRowFields,
  type RowHighlight,
} from './grid-row';
import { StateCounter, type StateCounts } from './state-counts';

/**
 * How many refreshes (polls) a highlight stays before it fades. Closes heard between polls come
 * in messages of their own and are no refresh: a burst of them must not fade what a poll showed.
 */
export const HIGHLIGHT_REFRESHES = 2;

export interface GridTransaction {
  add: ConnectionGridRow[];
  update: ConnectionGridRow[];
  remove: ConnectionGridRow[];
}

export interface SyncOutcome {
  /** Null when the grid needs no change. */
  transaction: GridTransaction | null;
  /** The grid's rows are exactly these now (a new table): set them at once instead of a transaction. */
  replaceAll?: ConnectionGridRow[];
  /** The sync saw a hole in the sequence (or has no snapshot yet): fetch a snapshot. */
  needsSnapshot: boolean;
  /** Owners of rows that changed, so a per-process view can refresh only when it matters. */
  touchedPids: ReadonlySet<number>;
}

/** A snapshot whose last rows have not arrived yet. */
interface IncomingSnapshot {
  head: SnapshotMessage;
  rowsToFollow: number;
  /** A resync's rows, gathered to be compared with the grid's at the end; null for a new table, shown as it comes. */
  gathered: SnapshotMessage['connections'] | null;
  /** A new table's rows made from parts since the last ones given to the grid, and their owners. */
  held: ConnectionGridRow[];
  heldPids: Set<number>;
}

/** A new table's rows go to the grid this many at a time: each time is a pass over the rows held and a redraw. */
export const GRID_ROWS_PER_TRANSACTION = 30_000;

const NO_CHANGE: SyncOutcome = { transaction: null, needsSnapshot: false, touchedPids: new Set() };

export class ConnectionSync {
  private readonly rows = new Map<string, ConnectionGridRow>();
  /** Highlighted rows and the refresh at which they fade: the only rows a refresh revisits. */
  private readonly fading = new Map<string, number>();
  private counter = new StateCounter();
  private readonly idsByPid = new Map<number, Set<string>>();
  private lastSeq: number | null = null;
  /** The monitor table the seq numbers belong to (SnapshotMessage.epoch). */
  private epoch: string | null = null;
  private awaiting = true;
  private incoming: IncomingSnapshot | null = null;
  /** The last row of a new table so far: the next part's first row may share its sort keys. */
  private lastRowAdded: ConnectionGridRow | undefined;
  private tick = 0;

  /** True until the first snapshot, and again from a sequence gap until the next snapshot. */
  get awaitingSnapshot(): boolean {
    return this.awaiting;
  }

  /** Refreshes (events messages) seen so far. */
  get refreshCount(): number {
    return this.tick;
  }

  /** Rows the grid holds, closed-but-fading ones included. */
  get rowCount(): number {
    return this.rows.size;
  }

  /** Live connections by state (closed rows that are still fading out are not counted). */
  counts(): StateCounts {
    return this.counter.snapshot();
  }

  /** Every row the grid has been given, for filling a grid that mounts after data arrived (held rows come with their transaction). */
  allRows(): ConnectionGridRow[] {
    const held = new Set(this.incoming?.held);
    const rows = [...this.rows.values()];
    return held.size === 0 ? rows : rows.filter((row) => !held.has(row));
  }

  row(id: string): ConnectionGridRow | undefined {
    return this.rows.get(id);
  }

  /** Live connections owned by `pid`. */
  connectionsOf(pid: number): ConnectionGridRow[] {
    const ids = this.idsByPid.get(pid);
    if (!ids) return [];
    return [...ids].flatMap((id) => this.rows.get(id) ?? []);
  }

  /** Whether a snapshot's rows are still arriving. */
  get loadingTable(): boolean {
    return this.incoming !== null;
  }

  applySnapshot(message: SnapshotMessage): SyncOutcome {
    // The first snapshot, or another table (a restarted monitor, or the starting table after an
    // empty one): show the table as it is, without colouring every row as new.
    const fresh = this.lastSeq === null || message.epoch !== this.epoch || message.seq < this.lastSeq;
    const rowsToFollow = message.rowsToFollow ?? 0;
    this.incoming =
      rowsToFollow > 0
        ? { head: message, rowsToFollow, gathered: fresh ? null : [...message.connections], held: [], heldPids: new Set() }
        : null;
    if (fresh) return this.replaceTable(message);
    return rowsToFollow > 0 ? NO_CHANGE : this.compareTable(message);
  }

  /** The next rows of the snapshot being received; rows of any other snapshot change nothing. */
  applySnapshotRows(message: SnapshotRowsMessage): SyncOutcome {
    const incoming = this.incoming;
    if (!incoming || message.epoch !== incoming.head.epoch || message.seq !== incoming.head.seq) return NO_CHANGE;
    incoming.rowsToFollow -= message.connections.length;
    const complete = incoming.rowsToFollow <= 0;
    if (complete) this.incoming = null;
    if (incoming.gathered) {
      for (const connection of message.connections) incoming.gathered.push(connection);
      return complete ? this.compareTable({ ...incoming.head, connections: incoming.gathered }) : NO_CHANGE;
    }
    const { rows, pids } = this.addTableRows(message.connections, this.lastRowAdded);
    for (const row of rows) incoming.held.push(row);
    for (const pid of pids) incoming.heldPids.add(pid);
    // Each grid transaction costs a pass over the rows held and a redraw: a few big ones, not one per part.
    if (!complete && incoming.held.length < GRID_ROWS_PER_TRANSACTION) return NO_CHANGE;
    const { held, heldPids } = incoming;
    incoming.held = [];
    incoming.heldPids = new Set();
    return { transaction: { add: held, update: [], remove: [] }, needsSnapshot: false, touchedPids: heldPids };
  }

  /** A snapshot of the table the grid shows (a resync, a resume): what differs is highlighted. */
  private compareTable(message: SnapshotMessage): SyncOutcome {
    const highlightUntil = this.tick + HIGHLIGHT_REFRESHES;
    const changes = new ChangeSet(this.rows);
    const seen = new Set<string>();

    for (const connection of message.connections) {
      seen.add(connection.id);
      const previous = this.rows.get(connection.id);
      const highlight = snapshotHighlight(previous, connection);
      if (previous && !previous.closed && highlight === null) {
        if (sameTcpRow(previous.row, connection.row) && sameTransition(previous.lastTransition, connection.lastTransition)) {
          continue;
        }
        // Counters moved (bytes, RTT): update quietly, keeping any highlight still fading.
        this.put(changes, fieldsOf(connection, previous.highlight, previous.highlightUntilTick));
        continue;
      }
      this.put(changes, fieldsOf(connection, highlight, highlight ? highlightUntil : null));
    }

    for (const [id, previous] of this.rows) {
      if (!seen.has(id) && !previous.closed) this.put(changes, closedFields(previous, previous.row, highlightUntil));
    }

    this.lastSeq = message.seq;
    this.epoch = message.epoch;
    this.awaiting = false;
    return changes.outcome(false);
  }

  /**
   * A new table (the first snapshot, a restarted monitor): the rows as they are, none highlighted,
   * built in one pass with nothing to compare against — 100 000 of them on a busy machine.
   */
  private replaceTable(message: SnapshotMessage): SyncOutcome {
    this.rows.clear();
    this.fading.clear();
    this.counter = new StateCounter();
    this.idsByPid.clear();
    const { rows, pids } = this.addTableRows(message.connections, undefined);
    this.lastSeq = message.seq;
    this.epoch = message.epoch;
    this.awaiting = false;
    return { transaction: null, replaceAll: rows, needsSnapshot: false, touchedPids: pids };
  }

  /** Rows of a new table, none highlighted, built in one pass with nothing to compare against. */
  private addTableRows(
    connections: readonly TrackedConnection[],
    before: ConnectionGridRow | undefined,
  ): { rows: ConnectionGridRow[]; pids: Set<number> } {
    const rows: ConnectionGridRow[] = new Array(connections.length);
    const pids = new Set<number>();
    let previous = before;
    for (let i = 0; i < rows.length; i++) {
      // The row before shares its addresses most of the time: makeGridRow reuses its sort keys.
      const row = makeGridRow(fieldsOf(connections[i], null, null), previous);
      rows[i] = previous = row;
      this.rows.set(row.id, row);
      this.track(row);
      if (row.row.pid !== null) pids.add(row.row.pid);
    }
    this.lastRowAdded = previous;
    return { rows, pids };
  }

  applyEvents(message: EventsMessage): SyncOutcome {
    // Every poll's message is one refresh, even an empty one or one we cannot apply: fades
    // keep their pace while a resync is pending.
    if (message.betweenPolls !== true) this.tick += 1;
    const changes = new ChangeSet(this.rows);
    let gap = false;
    // Events before a snapshot's last rows: those rows were lost on the way (the table is not whole).
    if (this.incoming !== null) {
      this.incoming = null;
      this.awaiting = true;
    }

    if (!this.awaiting && this.lastSeq !== null) {
      for (const event of message.events) {
        if (event.seq <= this.lastSeq) continue; // already applied (duplicate or replay)
        if (event.seq !== this.lastSeq + 1) {
          gap = true;
          break;
        }
        this.applyEvent(changes, event);
        this.lastSeq = event.seq;
      }
      // Counters are relative to this poll's table: only meaningful if every event applied.
      if (!gap) {
        this.applyMetrics(changes, message.metrics);
        this.applyUpdates(changes, message.updates);
      }
    }
    if (gap) this.awaiting = true;

    this.expireHighlights(changes);
    return changes.outcome(this.awaiting);
  }

  private applyEvent(changes: ChangeSet, event: ConnectionEvent): void {
    const previous = this.rows.get(event.id);
    const until = this.tick + HIGHLIGHT_REFRESHES;
    switch (event.type) {
      case 'opened':
        this.put(changes, {
          id: event.id,
          row: event.connection,
          firstSeenAt: event.time,
          lastTransition: null,
          lastOwner: null,
          closed: false,
          highlight: 'new',
          highlightUntilTick: until,
        });
        return;
      case 'state-changed':
        this.put(changes, {
          id: event.id,
          row: event.connection,
          firstSeenAt: previous?.firstSeenAt ?? event.time,
          lastTransition: {
            from: event.from ?? previous?.row.state ?? event.connection.state,
            to: event.to ?? event.connection.state,
            at: event.time,
          },
          lastOwner: carriedOwner(previous, event.connection),
          closed: false,
          highlight: 'changed',
          highlightUntilTick: until,
        });
        return;
      case 'owner-changed':
        this.put(changes, {
          id: event.id,
          row: event.connection,
          firstSeenAt: previous?.firstSeenAt ?? event.time,
          lastTransition: previous?.lastTransition ?? null,
          lastOwner: carriedOwner(previous, event.connection),
          closed: false,
          highlight: 'changed',
          highlightUntilTick: until,
        });
        return;
      case 'closed':
        if (previous && !previous.closed) this.put(changes, closedFields(previous, event.connection, until));
        // A connection no poll saw (the kernel told of it as it was freed): it shows as it closes, and fades.
        else if (!previous && event.connection.shortLived === true) this.put(changes, shortLivedFields(event, until));
        // Closing anything else never shown (or already closing) changes nothing visible.
        return;
    }
  }

  /** Byte counters and RTT moved: update quietly, keeping any highlight still fading. */
  private applyMetrics(changes: ChangeSet, metrics: readonly MetricsUpdate[]): void {
    for (const { id, bytesSent, bytesReceived, rttMs } of metrics) {
      const previous = this.rows.get(id);
      if (!previous || previous.closed) continue;
      const { row } = previous;
      if (row.bytesSent === bytesSent && row.bytesReceived === bytesReceived && row.rttMs === rttMs) continue;
      this.put(changes, { ...previous, row: { ...row, bytesSent, bytesReceived, rttMs } });
    }
  }

  /** Other details of a row changed (offload state, module…): replace the row quietly, keeping any highlight. */
  private applyUpdates(changes: ChangeSet, updates: readonly RowUpdate[]): void {
    for (const { id, connection } of updates) {
      const previous = this.rows.get(id);
      if (!previous || previous.closed || sameTcpRow(previous.row, connection)) continue;
      this.put(changes, { ...previous, row: connection });
    }
  }

  /** Fades highlights that have had their refreshes; removes closed rows whose red has faded. */
  private expireHighlights(changes: ChangeSet): void {
    for (const [id, until] of this.fading) {
      if (until > this.tick) continue;
      const row = this.rows.get(id);
      if (!row) {
        this.fading.delete(id);
      } else if (row.closed) {
        this.delete(changes, id);
      } else {
        this.put(changes, { ...row, highlight: null, highlightUntilTick: null });
      }
    }
  }

  private put(changes: ChangeSet, fields: GridRowFields): void {
    const previous = this.rows.get(fields.id);
    const next = makeGridRow(fields, previous);
    changes.record(next.id, next);
    if (previous) this.untrack(previous);
    this.track(next);
    this.rows.set(next.id, next);
    if (next.highlightUntilTick !== null) this.fading.set(next.id, next.highlightUntilTick);
    else this.fading.delete(next.id);
  }

  private delete(changes: ChangeSet, id: string): void {
    const previous = this.rows.get(id);
    if (!previous) return;
    changes.record(id, null);
    this.untrack(previous);
    this.rows.delete(id);
    this.fading.delete(id);
  }

  /** Counts and the per-process index cover live connections only. */
  private track(row: ConnectionGridRow): void {
    if (row.closed) return;
    this.counter.add(row.row.state, row.row.ownerHidden === true);
    const pid = row.row.pid;
    if (pid === null) return;
    let ids = this.idsByPid.get(pid);
    if (!ids) this.idsByPid.set(pid, (ids = new Set()));
    ids.add(row.id);
  }

  private untrack(row: ConnectionGridRow): void {
    if (row.closed) return;
    this.counter.remove(row.row.state, row.row.ownerHidden === true);
    const pid = row.row.pid;
    if (pid === null) return;
    const ids = this.idsByPid.get(pid);
    ids?.delete(row.id);
    if (ids?.size === 0) this.idsByPid.delete(pid);
  }
}

function fieldsOf(
  connection: TrackedConnection,
  highlight: RowHighlight | null,
  highlightUntilTick: number | null,
): GridRowFields {
  return {
    id: connection.id,
    row: connection.row,
    firstSeenAt: connection.firstSeenAt,
    lastTransition: connection.lastTransition,
    lastOwner: connection.row.pid === null ? (connection.lastOwner ?? null) : null,
    closed: false,
    highlight,
    highlightUntilTick,
  };
}

function closedFields(previous: ConnectionGridRow, lastRow: ConnectionGridRow['row'], until: number): GridRowFields {
  return {
    ...previous,
    row: lastRow,
    lastOwner: carriedOwner(previous, lastRow),
    closed: true,
    highlight: 'closed',
    highlightUntilTick: until,
  };
}

function shortLivedFields(event: ConnectionEvent, until: number): GridRowFields {
  return {
    id: event.id,
    row: event.connection,
    firstSeenAt: event.time,
    lastTransition: null,
    lastOwner: null,
    closed: true,
    highlight: 'closed',
    highlightUntilTick: until,
  };
}

/** What a resync snapshot reveals about a row compared with what the grid shows. */
function snapshotHighlight(previous: ConnectionGridRow | undefined, next: TrackedConnection): RowHighlight | null {
  if (!previous || previous.closed) return 'new';
  if (previous.row.state !== next.row.state || !sameOwner(previous.row, next.row)) return 'changed';
  return null;
}

/**
 * Collapses one message's row changes into a single transaction: a row added then updated in
 * the same message is one add; added then removed is nothing. AG Grid rejects a transaction
 * that adds an id it already has or updates one it lacks, so this is what keeps them valid.
 */
class ChangeSet {
  private readonly changes = new Map<string, { wasInGrid: ConnectionGridRow | null; now: ConnectionGridRow | null }>();
  private readonly pids = new Set<number>();

  constructor(private readonly grid: ReadonlyMap<string, ConnectionGridRow>) {}

  /** Call before the grid map is mutated; `now` null means removed. */
  record(id: string, now: ConnectionGridRow | null): void {
    const existing = this.changes.get(id);
    const before = existing ? existing.wasInGrid : (this.grid.get(id) ?? null);
    this.changes.set(id, { wasInGrid: before, now });
    for (const row of [before, now]) if (row?.row.pid != null) this.pids.add(row.row.pid);
  }

  outcome(needsSnapshot: boolean): SyncOutcome {
    const transaction: GridTransaction = { add: [], update: [], remove: [] };
    for (const { wasInGrid, now } of this.changes.values()) {
      if (now && wasInGrid) transaction.update.push(now);
      else if (now) transaction.add.push(now);
      else if (wasInGrid) transaction.remove.push(wasInGrid);
    }
    const empty = transaction.add.length + transaction.update.length + transaction.remove.length === 0;
    return { transaction: empty ? null : transaction, needsSnapshot, touchedPids: this.pids };
  }
}
