import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../common/contract/messages';
import type { MonitorRequestName, RequestParams } from '../common/contract/requests';
import type { HistoryOptions } from './history/recorder-protocol';

export interface WorkerOptions {
  intervalMs: number;
  eventLogCapacity: number;
  forceProc: boolean;
  procRoot?: string;
  /** Resolve addresses to host names (a restarted worker keeps what the user chose). */
  resolveNames: boolean;
  /** Where the worker writes what its source is doing (ActivityBoard), for the host to read when it hangs. */
  activityBuffer?: SharedArrayBuffer;
  /** Where to record the history; null: not at all (`--no-history`). */
  history: HistoryOptions | null;
}

/** One of the monitor's requests, its parameters already validated by the transport. */
export type WorkerRequest<K extends MonitorRequestName = MonitorRequestName> = {
  [P in K]: { method: P; params: RequestParams<P> };
}[K];

export type HostToWorker =
  | ({ kind: 'request'; id: number } & WorkerRequest)
  /** The whole table, serialised by the worker. */
  | { kind: 'snapshot'; id: number }
  /** Are you there? The host asks every few seconds; a worker stuck in a system call cannot answer. */
  | { kind: 'ping' }
  /** Stop polling, let the recorder commit and close, then say 'stopped'. */
  | { kind: 'stop' };

export type WorkerToHost =
  | { kind: 'ready'; status: Json<StatusMessage> }
  | { kind: 'pong' }
  | { kind: 'fatal'; error: string }
  | { kind: 'events'; json: Json<EventsMessage> }
  | { kind: 'status'; json: Json<StatusMessage> }
  | { kind: 'names'; json: Json<NamesMessage> }
  /** Clients need a fresh snapshot (their last one predates the starting table). */
  | { kind: 'reset' }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string }
  /** Stopped: the recorder has closed its database (the host may terminate the thread). */
  | { kind: 'stopped' };
