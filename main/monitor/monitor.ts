import { randomUUID } from 'node:crypto';
import type { AddressFamily, DataSource, ProcessInfo, ShortLivedStatus, TcpRow } from '../common/types';
import type { ConnectionEvent } from '../common/contract/events';
import type { EventsMessage, HistoryStatus, HostName, MonitorStatus, SnapshotMessage } from '../common/contract/messages';
import type { HistoryQuery } from '../common/contract/requests';
import { ActionError, errorMessage, NO_SUCH_CONNECTION, STILL_OPEN } from '../common/errors';
import { DEFAULT_INTERVAL_MS } from '../common/contract/messages';
import { Differ } from './differ';
import { DEFAULT_EVENT_LOG_CAPACITY, EventLog } from './event-log';
import { endProcess } from './end-process';
import { type IntervalBounds, Poller } from './poller';
import { NameService, type NameServiceOptions } from './names/name-service';
import { MemoryHistory, startingTable, type StartingTable } from './history/memory-history';
import type { ContinueFrom } from './history/store-writer';

export interface MonitorOptions {
  intervalMs?: number;
  intervalBounds?: IntervalBounds;
  eventLogCapacity?: number;
  /** Resolve addresses to host names from the start (default: no). */
  resolveNames?: boolean;
  /** How names are looked up and batched (tests); `resolve` and `send` come from the above and the listeners. */
  names?: Omit<NameServiceOptions, 'resolve' | 'send'>;
  /** A poll not done after this long is reported stuck (it goes on in the background). */
  pollDeadlineMs?: number;
  /** What the source is doing now, for the message of a stuck poll. */
  activity?: () => string | null;
  /** The first seq and connection number (a recorded history's next ones: none repeats there). */
  continueFrom?: ContinueFrom;
  /** What the status says of recording at first. */
  history?: HistoryStatus;
}

/** What the status says of recording where nothing records (watch, tests). */
export const NOT_RECORDING: HistoryStatus = { recording: false, note: null, since: null };

export const POLL_DEADLINE_MS = 5_000;
/** How often freed sockets are heard between polls: a close shows within this, whatever the interval. */
export const DESTROY_DRAIN_MS = 200;

export interface MonitorListeners {
  /** After every successful poll, with that poll's events (possibly none). */
  events?(message: EventsMessage): void;
  /** When status changes without a poll's events: pause, resume, interval, a failed poll. */
  status?(status: MonitorStatus): void;
  /** Host names of the table's addresses as they arrive, in batches. */
  names?(names: HostName[]): void;
}

/**
 * The monitor: polls a data source, diffs snapshots into events, keeps the history (queried per
 * process for the drill-down). Plain Node: the CLI, the web shell's worker and the tests use it as is.
 */
export class Monitor {
  private readonly differ: Differ;
  private readonly log: EventLog;
  private starting: StartingTable | null = null;
  private historyStatus: HistoryStatus = NOT_RECORDING;
  /** The history requests, answered from memory (where nothing is recorded). */
  readonly memoryHistory: MemoryHistory;
  private readonly poller: Poller;
  private readonly names: NameService;
  private lastGoodPollAt: string | null = null;
  private lastError: MonitorStatus['error'] = null;
  private pollDurationMs: number | null = null;
  private lastTime: string | null = null;
  /** When the OS last dropped socket-destroy notifications (short-lived connections missed). */
  private destroysLostAt: string | null = null;
  /** A read a poll gave up waiting for, still going: the next poll takes it over. */
  private unfinishedRead: Promise<TcpRow[]> | null = null;
  private readonly id = randomUUID();
  private drainTimer: NodeJS.Timeout | null = null;
  /** From a poll's start to its events: destroys heard meanwhile belong to that poll's diff. */
  private polling = false;
  private firstPollDone!: () => void;
  /** Settles when the first poll has been tried (succeeded or failed). */
  readonly firstPoll = new Promise<void>((resolve) => (this.firstPollDone = resolve));

  constructor(
    private readonly source: DataSource,
    private readonly listeners: MonitorListeners = {},
    private readonly options: MonitorOptions = {},
  ) {
    this.differ = new Differ(options.continueFrom);
    this.historyStatus = options.history ?? NOT_RECORDING;
    this.log = new EventLog(options.eventLogCapacity ?? DEFAULT_EVENT_LOG_CAPACITY);
    this.memoryHistory = new MemoryHistory({
      log: this.log,
      starting: () => this.starting,
      current: () => ({ time: this.lastTime, connections: this.differ.connections() }),
    });
    this.poller = new Poller(() => this.pollOnce(), options.intervalMs ?? DEFAULT_INTERVAL_MS, options.intervalBounds);
    this.names = new NameService({
      ...options.names,
      resolve: options.resolveNames ?? false,
      send: (names) => this.listeners.names?.(names),
    });
  }

  start(): void {
    this.poller.start();
    if (this.source.takeEndedNow && this.drainTimer === null) {
      this.drainTimer = setInterval(() => this.closeEndedNow(), DESTROY_DRAIN_MS);
      this.drainTimer.unref();
    }
  }

  stop(): void {
    if (this.drainTimer !== null) clearInterval(this.drainTimer);
    this.drainTimer = null;
    this.poller.stop();
    this.names.stop();
    this.source.close?.();
  }

  setIntervalMs(ms: number): MonitorStatus {
    this.poller.setInterval(ms);
    return this.announce();
  }

  setResolveNames(resolve: boolean): MonitorStatus {
    this.names.setEnabled(resolve, this.differ.connections());
    return this.announce();
  }

  /** Polls at once; resolves with the status once that poll's events are out. */
  async pollNow(): Promise<MonitorStatus> {
    await this.poller.pollNow();
    return this.status();
  }

  /** One poll: read the table, diff, record. A failure is recorded in the status and rethrown. */
  async pollOnce(): Promise<EventsMessage> {
    const started = performance.now();
    const time = new Date().toISOString();
    this.polling = true;
    try {
      const rows = await this.withDeadline(this.unfinishedRead ?? this.source.snapshot());
      const starting = !this.hasTable;
      // Taken at once after the table: the source drained them right after reading it, so the two agree.
      const destroyed = this.source.takeDestroyed?.();
      if (destroyed?.lost) this.destroysLostAt = time;
      const { events, metrics, updates } = this.differ.apply(rows, time, destroyed?.rows);
      this.log.append(events);
      if (starting) this.starting = startingTable(time, this.differ.lastSeq, this.differ.connections());
      // Queues lookups of new addresses only: the cost is per new row, nothing per unchanged one
      // (and nothing at all while resolving is off).
      if (starting) this.names.addTable(this.differ.connections());
      else this.names.apply(events);
      this.lastGoodPollAt = this.lastTime = time;
      this.lastError = null;
      this.pollDurationMs = Math.round((performance.now() - started) * 10) / 10;
      const message: EventsMessage = { type: 'events', time, events, metrics, updates, status: this.status() };
      this.listeners.events?.(message);
      return message;
    } catch (err) {
      this.lastError = { message: errorMessage(err), at: time };
      this.announce();
      throw err;
    } finally {
      this.polling = false;
      this.firstPollDone();
    }
  }

  /**
   * Between polls: closes the connections whose sockets the OS freed since the last drain, at
   * once, as one events message (none if nothing ended). Lost notifications (ENOBUFS) bring a
   * poll at once: a full dump puts the table right, and the status says what was lost.
   */
  closeEndedNow(): EventsMessage | null {
    if (!this.source.takeEndedNow) return null;
    // A poll under way, or a read it gave up on: its table may still hold what ended. What the
    // OS sends meanwhile is kept (its buffer is small against a burst) and joined after.
    if (this.polling || this.unfinishedRead !== null) {
      this.source.holdDestroyedNow?.();
      return null;
    }
    if (!this.hasTable) {
      this.source.takeEndedNow(); // before any table (the first poll failed): of connections it never had
      return null;
    }
    const { rows, lost } = this.source.takeEndedNow();
    const time = new Date().toISOString();
    if (lost) {
      this.destroysLostAt = time;
      void this.poller.pollNow();
    }
    const events = this.differ.applyEnded(rows, time);
    if (events.length === 0) return null;
    this.log.append(events);
    this.names.apply(events);
    this.lastTime = time;
    const message: EventsMessage = {
      type: 'events',
      time,
      events,
      metrics: [],
      updates: [],
      status: this.status(),
      betweenPolls: true,
    };
    this.listeners.events?.(message);
    return message;
  }

  /**
   * The source's answer, or an error once the deadline passes: a read that never returns (a FIFO
   * where /proc/net/tcp should be, a hung filesystem) is then said in the status, while this
   * thread goes on answering snapshots and requests. The read is kept: the next poll takes its
   * rows rather than starting a read that would hang too, and one comes at once when it returns.
   */
  private withDeadline(read: Promise<TcpRow[]>): Promise<TcpRow[]> {
    this.unfinishedRead = null;
    const ms = this.options.pollDeadlineMs ?? POLL_DEADLINE_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        this.unfinishedRead = read;
        read.then(
          () => this.unfinishedRead === read && void this.poller.pollNow(),
          () => undefined,
        );
        const where = this.options.activity?.() ?? 'reading the connection table';
        reject(new Error(`poll stuck for ${ms / 1000} s ${where}`));
      }, ms);
    });
    return Promise.race([read, deadline]).finally(() => clearTimeout(timer));
  }

  /** True once a poll has succeeded: the starting table is known. */
  get hasTable(): boolean {
    return this.lastGoodPollAt !== null;
  }

  status(): MonitorStatus {
    return {
      source: this.source.kind,
      sourceDescription: this.source.description,
      intervalMs: this.poller.interval,
      lastGoodPollAt: this.lastGoodPollAt,
      error: this.lastError,
      pollDurationMs: this.pollDurationMs,
      closeRefusal: { ipv4: this.closeRefusal('ipv4'), ipv6: this.closeRefusal('ipv6') },
      resolveNames: this.names.enabled,
      history: this.historyStatus,
      ...this.shortLivedStatus(),
    };
  }

  /** Absent where the source has no socket-destroy notifications (/proc, Windows, fixtures). */
  private shortLivedStatus(): { shortLived?: ShortLivedStatus } {
    const status = this.source.destroyStatus?.();
    if (!status) return {};
    if (status.note !== null || this.destroysLostAt === null) return { shortLived: status };
    const note = `socket-destroy notifications were lost at ${this.destroysLostAt} (the OS's buffer overflowed): connections shorter than a poll may be missing then; the table is whole`;
    return { shortLived: { ...status, note } };
  }

  /** The recorder's state changed: the status says so at once. */
  setHistoryStatus(status: HistoryStatus): MonitorStatus {
    this.historyStatus = status;
    return this.announce();
  }

  /** The number the next new connection's id will carry: the recorder stores it, so a later monitor continues after it. */
  get nextConnectionNumber(): number {
    return this.differ.nextConnectionNumber;
  }

  /**
   * Closes one tracked connection through the source, then re-reads the table at once: resolves
   * when the connection is gone (its closed event pushed with that poll). Whatever the OS
   * answered, a connection still in the table was not closed.
   */
  async closeConnection(id: string): Promise<{ closed: true }> {
    const tracked = this.differ.find(id);
    if (!tracked) throw new ActionError(NO_SUCH_CONNECTION);
    const refusal = this.closeRefusal(tracked.row.family);
    if (refusal !== null || !this.source.closeConnection) throw new ActionError(refusal ?? this.cannotClose());
    await this.source.closeConnection(tracked.row);
    await this.pollNow();
    if (this.lastError)
      throw new ActionError(`the OS accepted the request, but the table cannot be read again: ${this.lastError.message}`);
    if (this.differ.find(id)) throw new ActionError(STILL_OPEN);
    return { closed: true };
  }

  /** Ends a process (refusing the few no one should end from a row); polls at once if it went, so its connections go too. */
  async endProcess(pid: number, force: boolean): Promise<{ pid: number; exited: boolean }> {
    const result = await endProcess(pid, force);
    if (result.exited) await this.pollNow();
    return result;
  }

  snapshot(): SnapshotMessage {
    return {
      type: 'snapshot',
      epoch: this.hasTable ? this.id : `${this.id}-before-first-poll`,
      seq: this.differ.lastSeq,
      time: this.lastTime ?? new Date().toISOString(),
      connections: this.differ.connections(),
      names: this.names.names(),
      status: this.status(),
    };
  }

  history(query: HistoryQuery): ConnectionEvent[] {
    return this.log.query(query);
  }

  processInfo(pid: number): Promise<ProcessInfo | null> {
    return this.source.processInfo(pid);
  }

  private closeRefusal(family: AddressFamily): string | null {
    return this.source.closeRefusal?.(family) ?? (this.source.closeConnection ? null : this.cannotClose());
  }

  private cannotClose(): string {
    return `this data source (${this.source.description}) cannot close connections`;
  }

  private announce(): MonitorStatus {
    const status = this.status();
    this.listeners.status?.(status);
    return status;
  }
}
