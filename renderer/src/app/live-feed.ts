/**
 * Wires the monitor's push messages through the sync module into the grid and the UI store,
 * and carries out the toolbar's requests. Framework-free so it is unit-testable in node.
 */
import {
  decodeJson,
  type EventsMessage,
  type Json,
  type MonitorStatus,
  type NamesMessage,
  type SnapshotMessage,
  type StatusMessage,
} from '../../../main/common/contract/messages';
import {
  decodeSnapshotHead,
  decodeSnapshotRows,
  type SnapshotRowsWire,
  type SnapshotWire,
} from '../../../main/common/contract/snapshot-parts';
import type { SockscopeApi, Unsubscribe } from '../../../main/common/contract/requests';
import { errorMessage } from '../../../main/common/errors';
import { Listeners } from '../api/listeners';
import { ConnectionSync, type GridTransaction, type SyncOutcome } from '../sync/connection-sync';
import type { ConnectionGridRow } from '../sync/grid-row';
import { sameStateCounts } from '../sync/state-counts';
import { NameBook } from './name-book';
import type { UiStore } from '../state/ui-store';

/** Where transactions go: the grid's row order (row-order.ts), redrawn once a frame. */
export interface GridSink {
  applyTransaction(transaction: GridTransaction): void;
  /** The grid's rows are exactly these now (a new table, or a grid that mounts late). */
  replaceAll(rows: ConnectionGridRow[]): void;
}

/** Refreshes to wait for a requested snapshot before asking again. */
const SNAPSHOT_RETRY_REFRESHES = 10;

export class LiveFeed {
  private readonly sync = new ConnectionSync();
  /** The grid's context: what its cells read besides rows. */
  readonly names = new NameBook();
  private readonly rowsChanged = new Listeners<ReadonlySet<number>>();
  private grid: GridSink | null = null;
  /** Refresh count when a snapshot was last requested; null when none is outstanding. */
  private snapshotRequestedAt: number | null = null;

  constructor(
    private readonly api: SockscopeApi,
    private readonly store: UiStore,
  ) {}

  /** Subscribes to the monitor; `requestSnapshot` where the transport does not push one on connect. */
  start({ requestSnapshot }: { requestSnapshot: boolean }): Unsubscribe {
    const unsubscribes = [
      this.api.onSnapshot((text) => this.handleSnapshot(text)),
      this.api.onSnapshotRows((text) => this.handleSnapshotRows(text)),
      this.api.onEvents((text) => this.handleEvents(text)),
      this.api.onStatus((text) => this.handleStatus(text)),
      this.api.onNames((text) => this.handleNames(text)),
    ];
    if (requestSnapshot) this.requestSnapshot();
    else this.expectSnapshot();
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  /**
   * The transport pushes a snapshot by itself (on every connection): events that come before it
   * (a 100 000-row snapshot takes a while to cross) must not make the feed ask for a second one.
   */
  expectSnapshot(): void {
    this.snapshotRequestedAt = this.sync.refreshCount;
  }

  /** Connects a (newly mounted) grid: it receives every current row, then each change. */
  attachGrid(sink: GridSink): Unsubscribe {
    this.grid = sink;
    const rows = this.sync.allRows();
    if (rows.length > 0) sink.replaceAll(rows);
    return () => {
      if (this.grid === sink) this.grid = null;
    };
  }

  /** Notified with the owners of changed rows after each message. */
  onRowsChanged(listener: (pids: ReadonlySet<number>) => void): Unsubscribe {
    return this.rowsChanged.add(listener);
  }

  connectionsOf(pid: number): ConnectionGridRow[] {
    return this.sync.connectionsOf(pid);
  }

  row(id: string): ConnectionGridRow | undefined {
    return this.sync.row(id);
  }

  /** Rows the grid holds (closed ones still fading included). */
  get rowCount(): number {
    return this.sync.rowCount;
  }

  /**
   * Pause freezes this view only: its events are let go while the monitor goes on polling (and
   * recording) for everyone else. Resume catches up from a fresh snapshot, changes highlighted.
   */
  setPaused(paused: boolean): void {
    const { viewPaused, viewingAt } = this.store.getState();
    if (paused === viewPaused && viewingAt === null) return;
    this.store.setState({ viewPaused: paused, viewingAt: null });
    if (!paused) this.requestSnapshot();
  }

  /**
   * Time travel: the view shows the table as it was at `at` (rebuilt by the monitor from its
   * history) and holds still, as when paused; the monitor goes on recording. Back to Live is resume.
   */
  async viewAt(at: string): Promise<void> {
    this.store.setState({ viewPaused: true, viewingAt: at });
    try {
      const table = await this.api.getTableAt({ at });
      const { status } = this.store.getState();
      if (this.store.getState().viewingAt !== at || !status) return; // another moment picked, or back to Live
      // Its own epoch: the live snapshot that follows Back to Live replaces it as a new table.
      const message: SnapshotMessage = {
        type: 'snapshot',
        epoch: `at ${table.at}`,
        seq: 0,
        time: table.at,
        connections: table.connections,
        names: [],
        status,
      };
      this.publish(this.sync.applySnapshot(message), status);
    } catch (error) {
      this.store.setState({ actionError: `Showing the table at ${at} failed: ${errorMessage(error)}` });
    }
  }

  setIntervalMs(intervalMs: number): Promise<void> {
    return this.control(() => this.api.setIntervalMs({ intervalMs }), 'Changing the refresh interval');
  }

  /** The Resolve addresses toggle: a monitor setting, like the interval. */
  setResolveNames(resolve: boolean): Promise<void> {
    return this.control(
      () => this.api.setResolveNames({ resolve }),
      resolve ? 'Resolving addresses' : 'Turning name resolution off',
    );
  }

  /** Refresh now (F5): one poll at once; a paused view takes that table and stays paused. */
  async pollNow(): Promise<void> {
    await this.control(() => this.api.pollNow(), 'Refresh');
    if (this.store.getState().viewPaused) this.requestSnapshot();
  }

  /** Asks the monitor for a fresh snapshot; it arrives as an ordinary snapshot push. */
  requestSnapshot(): void {
    this.snapshotRequestedAt = this.sync.refreshCount;
    this.api.requestSnapshot().catch((error: unknown) => {
      // Asked again on the next refresh that still finds the sync waiting.
      this.snapshotRequestedAt = null;
      console.warn('sockscope: snapshot request failed', error);
    });
  }

  private handleSnapshot(text: Json<SnapshotWire>): void {
    performance.mark('sockscope:snapshot-received', { detail: text.length }); // for bench/ui.mjs
    const message = decodeSnapshotHead(text);
    this.snapshotRequestedAt = null;
    this.names.replace(message.names);
    this.namesChanged(message.status.resolveNames);
    this.publish(this.sync.applySnapshot(message), message.status);
    this.markTableIfWhole();
    // A snapshot comes with every (re)connection: what this client may do is asked again then.
    this.api.getSession().then(
      (session) => this.store.setState({ session }),
      (error: unknown) => console.warn('sockscope: session request failed', error),
    );
  }

  /** The rest of a big snapshot: a new table shows part by part as it comes. */
  private handleSnapshotRows(text: Json<SnapshotRowsWire>): void {
    const { status } = this.store.getState();
    const outcome = this.sync.applySnapshotRows(decodeSnapshotRows(text));
    // Rows held back for the grid's next big transaction: nothing to show (or count) yet.
    if (status && (outcome.transaction || !this.sync.loadingTable)) this.publish(outcome, status);
    this.markTableIfWhole();
  }

  private markTableIfWhole(): void {
    if (!this.sync.loadingTable) performance.mark('sockscope:snapshot-applied'); // for bench/ui.mjs
  }

  private handleEvents(text: Json<EventsMessage>): void {
    // A paused view lets events go: its table, fades included, stays as it was.
    if (this.store.getState().viewPaused) return;
    const message = decodeJson(text);
    const outcome = this.sync.applyEvents(message);
    if (outcome.needsSnapshot && this.shouldRequestSnapshot()) this.requestSnapshot();
    this.publish(outcome, message.status);
  }

  private handleStatus(text: Json<StatusMessage>): void {
    const { status } = decodeJson(text);
    if (status.resolveNames !== this.names.showNames) this.namesChanged(status.resolveNames);
    this.store.setState({ status });
  }

  private handleNames(text: Json<NamesMessage>): void {
    this.names.add(decodeJson(text).names);
    this.namesChanged(this.names.showNames);
  }

  /** The grid redraws its name cells (no row changes); the name columns follow `showNames`. */
  private namesChanged(showNames: boolean): void {
    this.names.showNames = showNames;
    this.store.setState((state) => ({ namesVersion: state.namesVersion + 1, showNames }));
  }

  private shouldRequestSnapshot(): boolean {
    return this.snapshotRequestedAt === null || this.sync.refreshCount - this.snapshotRequestedAt >= SNAPSHOT_RETRY_REFRESHES;
  }

  private publish(outcome: SyncOutcome, status: MonitorStatus): void {
    if (status.resolveNames !== this.names.showNames) this.namesChanged(status.resolveNames);
    if (outcome.replaceAll) this.grid?.replaceAll(outcome.replaceAll);
    if (outcome.transaction) this.grid?.applyTransaction(outcome.transaction);
    const counts = this.sync.counts();
    const previous = this.store.getState();
    this.store.setState({
      status,
      resyncing: this.sync.awaitingSnapshot,
      ...(sameStateCounts(previous.counts, counts) ? {} : { counts }),
    });
    if (outcome.touchedPids.size > 0) this.rowsChanged.emit(outcome.touchedPids);
  }

  private async control(call: () => Promise<MonitorStatus>, what: string): Promise<void> {
    this.store.setState({ controlBusy: true });
    try {
      const status = await call();
      this.store.setState({ status, actionError: null });
    } catch (error) {
      this.store.setState({ actionError: `${what} failed: ${errorMessage(error)}` });
    } finally {
      this.store.setState({ controlBusy: false });
    }
  }
}
