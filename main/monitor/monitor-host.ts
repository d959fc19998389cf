import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MonitorStatus, StatusMessage } from '../common/contract/messages';
import { decodeJson, DEFAULT_INTERVAL_MS, encodeJson } from '../common/contract/messages';
import type { MonitorPort, PushSink } from '../common/contract/monitor-port';
import type { MonitorRequestName, RequestParams, RequestResult } from '../common/contract/requests';
import { errorMessage } from '../common/errors';
import { DEFAULT_EVENT_LOG_CAPACITY } from './event-log';
import { ActivityBoard } from './activity-board';
import type { SnapshotTexts } from '../common/contract/snapshot-parts';
import type { HostToWorker, WorkerOptions, WorkerToHost } from './worker-protocol';
import { WORKER_RESOURCE_LIMITS } from './worker-heap';
import { WATCHDOG_TIMES, WorkerWatchdog, type WatchdogTimes } from './worker-watchdog';

/** Where the host sends the monitor's pushes. */
export type HostListeners = PushSink;

/** A snapshot serialised by the worker, and the push generation it is current for. */
interface CachedSnapshot {
  generation: number;
  texts: SnapshotTexts;
}

/** Omit<T, K> for each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface HostOptions extends Partial<WorkerOptions> {
  /** The built poll worker; defaults to poll-worker.js beside this bundle. */
  workerPath?: string;
  /** How a stuck worker is noticed (tests shorten them). */
  watchdog?: WatchdogTimes;
  /** A worker stuck this long is replaced by a fresh one (doubling each time it happens again). */
  replaceStuckAfterMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long a worker may be stuck before a fresh one replaces it. */
const REPLACE_STUCK_AFTER_MS = 30_000;
/** The worker has this long to stop (its recorder closing the database) before it is terminated. */
const STOP_TIMEOUT_MS = 8_000;

/**
 * Runs the monitor in a worker thread and speaks to it for the transports. The serving thread
 * only forwards JSON text: no table work happens here, so the UI never stalls.
 */
export class MonitorHost implements MonitorPort {
  private worker!: Worker;
  /**
   * Counts the worker's pushes: a snapshot answered at generation G is the table as of the
   * G-th push (the worker answers in order), and stays current until the next push. Seq alone
   * would not do: counters, row details and status change without an event.
   */
  private generation = 0;
  private cachedSnapshot: CachedSnapshot | null = null;
  private snapshotInFlight: Promise<SnapshotTexts> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopped = false;
  private restartFailures = 0;
  private lastStatus: MonitorStatus | null = null;
  private board: ActivityBoard | null = null;
  /** Stuck workers left behind: whatever they still send is ignored. */
  private readonly abandoned = new WeakSet<Worker>();
  private watchdog: WorkerWatchdog | null = null;
  /** Stuck workers replaced so far: each wait before the next replacement doubles. */
  private replacements = 0;

  private constructor(
    private readonly options: WorkerOptions,
    private readonly workerPath: string,
    private readonly listeners: HostListeners,
    private readonly watchdogTimes: WatchdogTimes = WATCHDOG_TIMES,
    private readonly replaceStuckAfterMs = REPLACE_STUCK_AFTER_MS,
  ) {}

  /** Starts the worker; resolves once its data source is open, rejects with a one-line reason if it cannot be. */
  static async start(listeners: HostListeners, options: HostOptions = {}): Promise<MonitorHost> {
    const host = new MonitorHost(
      {
        intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
        eventLogCapacity: options.eventLogCapacity ?? DEFAULT_EVENT_LOG_CAPACITY,
        forceProc: options.forceProc ?? false,
        procRoot: options.procRoot,
        // On by default, as in TCPView; `serve --no-resolve` starts it off.
        resolveNames: options.resolveNames ?? true,
        // The commands say where (and whether) to record; a host started without saying does not.
        history: options.history ?? null,
      },
      options.workerPath ?? path.join(__dirname, 'poll-worker.js'),
      listeners,
      options.watchdog,
      options.replaceStuckAfterMs,
    );
    await host.spawn();
    return host;
  }

  /** The table as JSON: serialised once however many clients ask while it stays the same. */
  snapshotTexts(): Promise<SnapshotTexts> {
    const cached = this.cachedSnapshot;
    if (cached && cached.generation === this.generation) return Promise.resolve(cached.texts);
    // A worker that does not answer cannot serialise: clients get the last table it gave.
    if (cached && this.watchdog?.isStuck) return Promise.resolve(cached.texts);
    this.snapshotInFlight ??= (this.call({ kind: 'snapshot' }) as Promise<SnapshotTexts>)
      .then((texts) => {
        // Current as of the pushes received so far: the worker answers after them, in order.
        this.cachedSnapshot = { generation: this.generation, texts };
        return texts;
      })
      .finally(() => {
        this.snapshotInFlight = null;
      });
    return this.snapshotInFlight;
  }

  /** One of the monitor's requests, its parameters validated by the transport. */
  async request<K extends MonitorRequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>> {
    if (this.watchdog?.isStuck) throw new Error(`${this.stuckText()}; try again in a moment`);
    // The worker answers `method` with its RequestResult.
    return (await this.call({ kind: 'request', method, params } as DistributiveOmit<
      Extract<HostToWorker, { kind: 'request' }>,
      'id'
    >)) as RequestResult<K>;
  }

  /** Stops the monitor; the recorder commits what it has and closes its database first. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.watchdog?.stop();
    const worker = this.worker;
    const stopped = new Promise<void>((resolve) => {
      // A blocked thread cannot answer; it is terminated at once.
      if (this.watchdog?.isStuck) resolve();
      worker.on('message', (message: WorkerToHost) => message.kind === 'stopped' && resolve());
      worker.once('exit', () => resolve());
      setTimeout(resolve, STOP_TIMEOUT_MS).unref();
    });
    this.post({ kind: 'stop' });
    await stopped;
    await worker.terminate();
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const board = new ActivityBoard();
      const worker = new Worker(this.workerPath, {
        workerData: { ...this.options, activityBuffer: board.buffer },
        resourceLimits: WORKER_RESOURCE_LIMITS,
      });
      this.worker = worker;
      this.board = board;
      let ready = false;
      worker.on('message', (message: WorkerToHost) => {
        if (this.abandoned.has(worker)) return; // a stuck worker that was replaced
        this.watchdog?.answered();
        switch (message.kind) {
          case 'ready':
            ready = true;
            this.generation++; // a new worker: a new table
            this.remember(decodeJson(message.status).status);
            this.listeners.status(message.status);
            this.watch();
            resolve();
            break;
          case 'pong':
            break;
          case 'fatal':
            reject(new Error(message.error));
            break;
          case 'events':
            this.generation++;
            this.listeners.events(message.json);
            break;
          case 'status':
            this.generation++;
            this.remember(decodeJson(message.json).status); // small and rare: pause, interval, failures
            this.listeners.status(message.json);
            break;
          case 'names':
            this.generation++; // the snapshot carries the names
            this.listeners.names(message.json);
            break;
          case 'reset':
            this.generation++;
            this.listeners.reset();
            break;
          case 'response':
            this.settle(message);
            break;
          case 'stopped':
            break;
        }
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
      });
      worker.on('exit', () => {
        if (this.abandoned.has(worker)) return; // a stuck worker that was replaced, ending at last
        for (const p of this.pending.values()) p.reject(new Error('the monitor restarted; try again'));
        this.pending.clear();
        this.generation++;
        if (this.stopped || !ready) return;
        this.scheduleRestart();
      });
    });
  }

  /** An unexpected death: start again (backing off while that fails), and resync every client. */
  private scheduleRestart(): void {
    const delay = Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** this.restartFailures);
    setTimeout(() => {
      if (this.stopped) return;
      this.spawn().then(
        () => {
          this.restartFailures = 0;
          this.listeners.reset();
        },
        (err: unknown) => {
          this.restartFailures++;
          this.announceFailure(`the monitor stopped and cannot start again: ${errorMessage(err)}`);
          this.scheduleRestart();
        },
      );
    }, delay);
  }

  /** Pings the worker; one that stops answering is reported, served from its last table, and replaced in time. */
  private watch(): void {
    this.watchdog?.stop();
    let stuckSince = 0;
    this.watchdog = new WorkerWatchdog(
      {
        ping: () => this.post({ kind: 'ping' }),
        stuck: (forMs) => {
          if (stuckSince === 0) stuckSince = Date.now() - forMs;
          this.announceFailure(`${this.stuckText(forMs)}; showing the last table`);
          const replaceAfter = this.replaceStuckAfterMs * 2 ** this.replacements;
          if (Date.now() - stuckSince >= replaceAfter) this.replaceStuckWorker();
        },
        recovered: () => {
          stuckSince = 0;
          if (this.lastStatus) this.listeners.status(encodeJson<StatusMessage>({ type: 'status', status: this.lastStatus }));
        },
      },
      this.watchdogTimes,
    );
  }

  /** "the monitor has not answered for 6 s (stuck scanning /proc/*\/fd for owners)". */
  private stuckText(forMs?: number): string {
    const where = this.board?.read();
    const long = forMs === undefined ? '' : ` for ${Math.round(forMs / 1000)} s`;
    return `the monitor has not answered${long}${where ? ` (stuck ${where})` : ''}`;
  }

  /**
   * A thread blocked in a system call cannot be stopped: it is left to end if its call ever
   * returns, and a fresh worker takes over (clients resync to its table).
   */
  private replaceStuckWorker(): void {
    const stuck = this.worker;
    this.abandoned.add(stuck);
    this.replacements++;
    this.watchdog?.stop();
    this.watchdog = null;
    for (const p of this.pending.values()) p.reject(new Error('the monitor was stuck and has been restarted; try again'));
    this.pending.clear();
    this.generation++;
    void stuck.terminate();
    stuck.unref();
    this.scheduleRestart();
  }

  /** Tells every client, in the status they already show, why nothing is updating. */
  private announceFailure(message: string): void {
    if (!this.lastStatus) return;
    const status: MonitorStatus = { ...this.lastStatus, error: { message, at: new Date().toISOString() } };
    this.listeners.status(encodeJson<StatusMessage>({ type: 'status', status }));
  }

  /** What the user chose (interval, resolving names) survives a restart of the worker: the status says each. */
  private remember(status: MonitorStatus): void {
    this.lastStatus = status;
    this.options.intervalMs = status.intervalMs;
    this.options.resolveNames = status.resolveNames;
  }

  private call(message: DistributiveOmit<Exclude<HostToWorker, { kind: 'stop' }>, 'id'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.post({ ...message, id } as HostToWorker);
    });
  }

  private settle(message: Extract<WorkerToHost, { kind: 'response' }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.error));
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }
}
