/**
 * The recorder: follows the monitor's table from its events (TableMirror), writes each poll in
 * one transaction with a keyframe when one is due, prunes in small steps, and meets each fault
 * with one line in the status while the monitor goes on. It runs on its own thread
 * (history-worker.ts); plain and synchronous here, so tests drive it directly.
 */
import type { TrackedConnection } from '../../common/contract/events';
import type { EventsMessage, SnapshotMessage } from '../../common/contract/messages';
import { errorMessage } from '../../common/errors';
import {
  faultKind,
  faultReason,
  HistoryFault,
  historyFile,
  makeDataDir,
  moveAside,
  openForReading,
  openForWriting,
  type Db,
} from './history-db';
import { keyframeDue } from './keyframe-policy';
import { RecorderLock } from './recorder-lock';
import type { HistoryOptions, RecorderState } from './recorder-protocol';
import { StoreReader } from './store-reader';
import { StoreWriter, type ContinueFrom, type OwnedEvent } from './store-writer';
import { TableMirror } from './table-mirror';

/** Pruning gets at most this long after each poll's write. */
const PRUNE_BUDGET_MS = 10;
/** A keyframe forced by pruning (the database is over its size) at most this often. */
const FORCED_KEYFRAME_MIN_MS = 60_000;
/** While polls bring nothing to write, pruning (by age) runs this often. */
const IDLE_PRUNE_MS = 10_000;
/** The oldest record's time is re-read at most this often (it moves with every prune). */
const SINCE_REFRESH_MS = 60_000;

type Mode = 'recording' | 'paused' | 'off';

export class Recording {
  private mode: Mode = 'off';
  private note: string | null = null;
  private since: string | null = null;
  private sinceReadAt = 0;
  private lock: RecorderLock | null = null;
  private db: Db | null = null;
  private writer: StoreWriter | null = null;
  private storeReader: StoreReader | null = null;
  private mirror: TableMirror | null = null;
  private eventsSinceKeyframe = 0;
  private lastKeyframeAt = 0;
  private keyframeWanted = false;
  private lastForcedKeyframeAt = 0;
  private nextConn = 1;
  private lastPruneAt = 0;

  constructor(
    private readonly options: HistoryOptions,
    /** Told each change of state (recording, paused, off; the note; the oldest record's time). */
    private readonly onState: (state: RecorderState) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the history; where it cannot, the monitor goes on without recording and the note says why. */
  open(): ContinueFrom | null {
    const { dataDir } = this.options;
    try {
      makeDataDir(dataDir);
      this.lock = RecorderLock.acquire(dataDir);
    } catch (err) {
      return this.off(err, 'lock');
    }
    try {
      this.db = this.openRecovering();
    } catch (err) {
      this.lock.release();
      this.lock = null;
      return this.off(err, 'open');
    }
    this.writer = new StoreWriter(this.db);
    this.storeReader = new StoreReader(this.db);
    this.writer.setRecorder(process.pid);
    this.mode = 'recording';
    this.refreshSince(true);
    return this.writer.continueFrom();
  }

  get state(): RecorderState {
    return {
      status: { recording: this.mode === 'recording', note: this.note, since: this.since },
      readable: this.storeReader !== null,
    };
  }

  /** The store's reader while the database is open (queries go there), else null. */
  get reader(): StoreReader | null {
    return this.storeReader;
  }

  /** A new monitor's starting table: the mirror starts from it, and it is recorded as a keyframe. */
  startRun(snapshot: SnapshotMessage): void {
    this.mirror = new TableMirror(
      snapshot.connections.map((c: TrackedConnection) => ({ ...c, openedAt: null })),
      snapshot.seq,
    );
    this.keyframeWanted = true;
    this.writePoll(snapshot.time, [], this.nextConn);
  }

  /** One poll's message: followed in the mirror always, written while recording. */
  poll(message: EventsMessage, nextConn: number): void {
    const mirror = this.mirror;
    if (!mirror) return;
    const owned: OwnedEvent[] = message.events.map((event) => ({ event, owner: mirror.apply(event) }));
    mirror.applyMetrics(message.metrics);
    mirror.applyUpdates(message.updates);
    this.writePoll(message.time, owned, nextConn);
  }

  private writePoll(time: string, events: OwnedEvent[], nextConn: number): void {
    this.nextConn = nextConn;
    const writer = this.writer;
    if (this.mode !== 'recording' || !writer || !this.mirror) return;
    this.eventsSinceKeyframe += events.length;
    const due =
      this.keyframeWanted ||
      keyframeDue({ events: this.eventsSinceKeyframe, rows: this.mirror.size, elapsedMs: this.now() - this.lastKeyframeAt });
    if (events.length === 0 && !due) {
      // Nothing to write (no commit for a quiet poll); pruning by age still goes on, now and then.
      if (this.now() - this.lastPruneAt >= IDLE_PRUNE_MS) this.prune();
      return;
    }
    try {
      writer.write({
        events,
        nextConn,
        keyframe: due ? { time, seq: this.mirror.lastSeq, connections: this.mirror.entries() } : null,
      });
    } catch (err) {
      this.fault(err);
      return;
    }
    if (due) {
      this.keyframeWanted = false;
      this.eventsSinceKeyframe = 0;
      this.lastKeyframeAt = this.now();
    }
    this.prune();
  }

  /** A few small pruning steps, within the budget. */
  private prune(): void {
    const writer = this.writer;
    if (!writer) return;
    this.lastPruneAt = this.now();
    const started = performance.now();
    try {
      for (;;) {
        const result = writer.pruneStep(this.now(), this.options.retention);
        if (result === 'need-keyframe' && this.now() - this.lastForcedKeyframeAt >= FORCED_KEYFRAME_MIN_MS) {
          this.keyframeWanted = true;
          this.lastForcedKeyframeAt = this.now();
        }
        if (result !== 'more' || performance.now() - started >= PRUNE_BUDGET_MS) break;
      }
    } catch (err) {
      this.fault(err);
      return;
    }
    // The first record makes a history: say since when at once.
    this.refreshSince(this.since === null);
  }

  /**
   * A write failed. Nothing committed is lost (the transaction rolled back); this poll's events
   * are. A damaged file is kept aside and a new one started; anything else pauses recording
   * until a retry (`retry()`, on a timer) can write again.
   */
  private fault(err: unknown): void {
    const kind = faultKind(err);
    if (kind === 'corrupt') {
      try {
        this.closeDb();
        this.db = this.openRecovering(err);
        this.writer = new StoreWriter(this.db);
        this.storeReader = new StoreReader(this.db);
        this.keyframeWanted = true;
        this.refreshSince(true);
        this.announce();
        return;
      } catch (again) {
        err = again;
      }
    }
    this.mode = 'paused';
    this.keyframeWanted = true;
    this.note =
      faultKind(err) === 'full'
        ? `recording paused: the disk holding ${this.options.dataDir} is full; it resumes when there is room`
        : `recording paused: cannot write ${historyFile(this.options.dataDir)}: ${faultReason(err)}; retrying`;
    this.announce();
  }

  /** While paused: tries to write again (a keyframe of the table now); true once it can. */
  retry(): boolean {
    if (this.mode !== 'paused' || !this.writer || !this.mirror) return this.mode === 'recording';
    try {
      this.writer.write({
        events: [],
        nextConn: this.nextConn,
        keyframe: { time: new Date(this.now()).toISOString(), seq: this.mirror.lastSeq, connections: this.mirror.entries() },
      });
    } catch {
      return false;
    }
    this.mode = 'recording';
    this.keyframeWanted = false;
    this.eventsSinceKeyframe = 0;
    this.lastKeyframeAt = this.now();
    this.note = null;
    this.refreshSince(true);
    this.announce();
    return true;
  }

  get paused(): boolean {
    return this.mode === 'paused';
  }

  /** Everything written is committed already: closes the database and lets the lock go. */
  close(): void {
    this.closeDb();
    this.lock?.release();
    this.lock = null;
    this.mode = 'off';
  }

  /** Opens the database; a damaged one is moved aside (kept) and a new one started, and the note says so. */
  private openRecovering(cause?: unknown): Db {
    const { dataDir } = this.options;
    if (cause === undefined) {
      try {
        return openForWriting(dataDir);
      } catch (err) {
        if (faultKind(err) !== 'corrupt') throw err;
        cause = err;
      }
    }
    const aside = moveAside(dataDir);
    const db = openForWriting(dataDir);
    this.note = `started a new history database: ${historyFile(dataDir)} was damaged (${faultReason(cause)}); kept it as ${aside}`;
    return db;
  }

  private closeDb(): void {
    if (this.db?.open) this.db.close();
    this.db = null;
    this.writer = null;
    this.storeReader = null;
  }

  private off(err: unknown, stage: 'lock' | 'open'): null {
    this.mode = 'off';
    const kind = faultKind(err);
    const reason = err instanceof HistoryFault ? err.message : errorMessage(err);
    this.note =
      kind === 'locked'
        ? `not recording: ${reason}${this.holder()}; this one runs without recording`
        : kind === 'read-only'
          ? `not recording: ${this.options.dataDir} cannot be written (${faultReason(err)})`
          : `not recording: ${stage === 'lock' ? 'cannot lock' : 'cannot open'} the history (${reason})`;
    return null;
  }

  /** ` (pid N)`: the recorder holding the lock, as its database says; '' where it cannot be read. */
  private holder(): string {
    try {
      const db = openForReading(this.options.dataDir);
      try {
        const pid = db.prepare("SELECT value FROM meta WHERE key = 'recorder_pid'").pluck().get();
        return typeof pid === 'number' ? ` (pid ${pid})` : '';
      } finally {
        db.close();
      }
    } catch {
      return '';
    }
  }

  private refreshSince(force: boolean): void {
    if (!this.storeReader || (!force && this.now() - this.sinceReadAt < SINCE_REFRESH_MS)) return;
    this.sinceReadAt = this.now();
    const since = this.storeReader.recordedSince();
    if (since !== this.since) {
      this.since = since;
      this.announce();
    }
  }

  private announce(): void {
    this.onState(this.state);
  }
}
