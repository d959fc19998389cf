import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventsMessage, Json, MonitorStatus, RequestName, RequestResult, StatusMessage } from '../contract/messages';
import { decodeJson, DEFAULT_INTERVAL_MS, encodeJson } from '../contract/messages';
import { describeError } from './monitor';
import { DEFAULT_EVENT_LOG_CAPACITY } from './event-log';
import type { HostToWorker, SnapshotJson, WorkerMethod, WorkerOptions, WorkerToHost } from './worker-protocol';

export interface HostListeners {
  events(json: Json<EventsMessage>): void;
  status(json: Json<StatusMessage>): void;
  /** Every client needs a fresh snapshot: the worker restarted (seq began again), or the table arrived late. */
  reset(): void;
}

export interface HostOptions extends Partial<WorkerOptions> {
  /** The built poll worker; defaults to poll-worker.js beside this bundle. */
  workerPath?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Runs the monitor in a worker thread and speaks to it for the transports. The serving thread
 * only forwards JSON text: no table work happens here, so the UI never stalls.
 */
export class MonitorHost {
  private worker!: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopped = false;
  private restartFailures = 0;
  private lastStatus: MonitorStatus | null = null;

  private constructor(
    private readonly options: WorkerOptions,
    private readonly workerPath: string,
    private readonly listeners: HostListeners,
  ) {}

  /** Starts the worker; resolves once its data source is open, rejects with a one-line reason if it cannot be. */
  static async start(listeners: HostListeners, options: HostOptions = {}): Promise<MonitorHost> {
    const host = new MonitorHost(
      {
        intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
        eventLogCapacity: options.eventLogCapacity ?? DEFAULT_EVENT_LOG_CAPACITY,
        forceProc: options.forceProc ?? false,
        procRoot: options.procRoot,
      },
      options.workerPath ?? path.join(__dirname, 'poll-worker.js'),
      listeners,
    );
    await host.spawn();
    return host;
  }

  snapshotJson(): Promise<SnapshotJson> {
    return this.call('snapshot', {}) as Promise<SnapshotJson>;
  }

  /** Parameters are validated in the worker; an invalid request rejects with a one-line error. */
  async request<K extends RequestName>(method: K, params: unknown): Promise<RequestResult<K>> {
    const result = (await this.call(method, params)) as RequestResult<K>;
    if (method === 'setPaused' || method === 'setIntervalMs') {
      // What the user chose survives a restart of the worker.
      const status = result as MonitorStatus;
      this.options.paused = status.paused;
      this.options.intervalMs = status.intervalMs;
      this.lastStatus = status;
    }
    return result;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.post({ kind: 'stop' });
    await this.worker.terminate();
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.workerPath, { workerData: this.options });
      this.worker = worker;
      let ready = false;
      worker.on('message', (message: WorkerToHost) => {
        switch (message.kind) {
          case 'ready':
            ready = true;
            this.lastStatus = decodeJson(message.status).status;
            this.listeners.status(message.status);
            resolve();
            break;
          case 'fatal':
            reject(new Error(message.error));
            break;
          case 'events':
            this.listeners.events(message.json);
            break;
          case 'status':
            this.lastStatus = decodeJson(message.json).status; // small and rare: pause, interval, failures
            this.listeners.status(message.json);
            break;
          case 'reset':
            this.listeners.reset();
            break;
          case 'response':
            this.settle(message);
            break;
        }
      });
      worker.on('error', (err) => {
        if (!ready) reject(err);
      });
      worker.on('exit', () => {
        for (const p of this.pending.values()) p.reject(new Error('the monitor restarted; try again'));
        this.pending.clear();
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
          this.announceFailure(`the monitor stopped and cannot start again: ${describeError(err)}`);
          this.scheduleRestart();
        },
      );
    }, delay);
  }

  /** Tells every client, in the status they already show, why nothing is updating. */
  private announceFailure(message: string): void {
    if (!this.lastStatus) return;
    const status: MonitorStatus = { ...this.lastStatus, error: { message, at: new Date().toISOString() } };
    this.listeners.status(encodeJson<StatusMessage>({ type: 'status', status }));
  }

  private call(method: WorkerMethod, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.post({ kind: 'request', id, method, params });
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
