/**
 * The poll worker's end of the recorder: starts the history worker, hands it each poll's JSON,
 * and forwards the history queries to it while its database is open. Whatever goes wrong there,
 * the monitor goes on: the recorder is then off, and the status says why.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EventsMessage, HistoryStatus, Json, SnapshotMessage } from '../../common/contract/messages';
import type { RequestParams, RequestResult } from '../../common/contract/requests';
import { errorMessage } from '../../common/errors';
import type { HistoryReader, HistoryRequestName } from './history-reader';
import type { FromRecorder, HistoryOptions, RecorderState, ToRecorder } from './recorder-protocol';
import type { ContinueFrom } from './store-writer';
import { WORKER_RESOURCE_LIMITS } from '../worker-heap';

/** The history worker has this long to open the database before the monitor starts without it. */
const OPEN_TIMEOUT_MS = 15_000;
/** And this long to close it when the monitor stops. */
const STOP_TIMEOUT_MS = 5_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class Recorder implements HistoryReader {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;
  private stopped: (() => void) | null = null;

  private constructor(
    private readonly worker: Worker,
    private current: RecorderState,
    readonly continueFrom: ContinueFrom | null,
    private readonly onStatus: (status: HistoryStatus) => void,
  ) {
    worker.on('exit', () => this.died('the recorder thread stopped'));
    worker.on('error', (err) => this.died(`the recorder thread failed: ${errorMessage(err).split('\n')[0]}`));
  }

  /**
   * Starts the history worker and waits for it to open the database. Never rejects: where the
   * worker cannot start (the SQLite binding does not load here, say), the recorder is off.
   */
  static start(
    options: HistoryOptions,
    onStatus: (status: HistoryStatus) => void,
    workerPath: string = path.join(__dirname, 'history-worker.js'),
  ): Promise<Recorder> {
    return new Promise((resolve) => {
      const worker = new Worker(workerPath, { workerData: options, resourceLimits: WORKER_RESOURCE_LIMITS });
      let recorder: Recorder | null = null;
      // One message listener for the worker's life: removing a Worker's last one stops its port.
      worker.on('message', (message: FromRecorder) => {
        if (recorder) return recorder.received(message);
        if (message.kind !== 'opened') return;
        settle();
        recorder = new Recorder(worker, message, message.continueFrom, onStatus);
        resolve(recorder);
      });
      const failed = (why: string) => {
        if (recorder) return;
        settle();
        void worker.terminate();
        const off: RecorderState = { status: { recording: false, note: `not recording: ${why}`, since: null }, readable: false };
        recorder = new Recorder(worker, off, null, onStatus);
        recorder.exited = true;
        resolve(recorder);
      };
      const onError = (err: Error) => failed(`the recorder cannot start: ${errorMessage(err).split('\n')[0]}`);
      const onExit = () => failed('the recorder thread stopped');
      const timer = setTimeout(() => failed('the history database did not open in time'), OPEN_TIMEOUT_MS);
      const settle = () => {
        clearTimeout(timer);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  get status(): HistoryStatus {
    return this.current.status;
  }

  /** The database is open: the history requests go to it. */
  get readable(): boolean {
    return this.current.readable && !this.exited;
  }

  /** A new monitor's starting table. */
  startRun(snapshot: Json<SnapshotMessage>): void {
    this.send({ kind: 'run', snapshot });
  }

  /** One poll's events message, as serialised for the UI. */
  record(json: Json<EventsMessage>, nextConn: number): void {
    this.send({ kind: 'poll', json, nextConn });
  }

  getHistory = (params: RequestParams<'getHistory'>) => this.query('getHistory', params);
  getTimeline = (params: RequestParams<'getTimeline'>) => this.query('getTimeline', params);
  getTableAt = (params: RequestParams<'getTableAt'>) => this.query('getTableAt', params);
  getProcessConnections = (params: RequestParams<'getProcessConnections'>) => this.query('getProcessConnections', params);

  /** Lets the worker commit what it has and close the database; resolves when it has (or gave up). */
  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => (this.stopped = resolve));
    this.send({ kind: 'stop' });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    await Promise.race([done, timeout]);
    await this.worker.terminate();
  }

  private query<K extends HistoryRequestName>(method: K, params: RequestParams<K>): Promise<RequestResult<K>> {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error('the recorder has stopped'));
      const id = this.nextId++;
      // The worker answers `method` with its RequestResult.
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ kind: 'query', id, method, params });
    });
  }

  private received(message: FromRecorder): void {
    switch (message.kind) {
      case 'state':
        this.update(message);
        break;
      case 'answer': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) pending?.resolve(message.result);
        else pending?.reject(new Error(message.error));
        break;
      }
      case 'stopped':
        this.exited = true;
        this.stopped?.();
        break;
      case 'opened':
        break;
    }
  }

  private update(state: RecorderState): void {
    this.current = { status: state.status, readable: state.readable };
    this.onStatus(state.status);
  }

  private died(why: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
    this.update({
      status: { recording: false, note: `not recording: ${why}`, since: this.current.status.since },
      readable: false,
    });
  }

  private send(message: ToRecorder): void {
    if (!this.exited) this.worker.postMessage(message);
  }
}
