import type { EventsMessage, Json, RequestName, SnapshotMessage, StatusMessage } from '../contract/messages';

/** What the host asks of the poll worker: the contract's requests, plus a serialised snapshot. */
export type WorkerMethod = RequestName | 'snapshot';

export interface WorkerOptions {
  intervalMs: number;
  eventLogCapacity: number;
  forceProc: boolean;
  procRoot?: string;
  /** Start paused (a restarted worker keeps what the user chose): one poll for the table, then pause. */
  paused?: boolean;
}

export type HostToWorker = { kind: 'request'; id: number; method: WorkerMethod; params: unknown } | { kind: 'stop' };

export type WorkerToHost =
  | { kind: 'ready'; status: Json<StatusMessage> }
  | { kind: 'fatal'; error: string }
  | { kind: 'events'; json: Json<EventsMessage> }
  | { kind: 'status'; json: Json<StatusMessage> }
  /** Clients need a fresh snapshot (their last one predates the starting table). */
  | { kind: 'reset' }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string };

export type SnapshotJson = Json<SnapshotMessage>;
