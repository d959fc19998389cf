/**
 * The one typed contract between the monitor and any UI. Both transports (Electron IPC and the
 * web shell's WebSocket) carry exactly these messages; the renderer talks only to `SockscopeApi`.
 */
import type { ProcessInfo, SourceKind, TcpRow } from '../../native-bridge/types';
import type { ConnectionEvent, TrackedConnection } from './events';

export interface PollError {
  message: string;
  /** ISO-8601 time of the failed poll. */
  at: string;
}

export interface MonitorStatus {
  source: SourceKind;
  sourceDescription: string;
  paused: boolean;
  intervalMs: number;
  /** ISO-8601 time of the last successful poll. */
  lastGoodPollAt: string | null;
  /** The last poll's failure; null once a poll succeeds again. */
  error: PollError | null;
  /** Wall time of the last successful poll (table + owners + diff), ms. */
  pollDurationMs: number | null;
}

/** The whole table, consistent with `seq`: the next event a client applies is `seq + 1`. */
export interface SnapshotMessage {
  type: 'snapshot';
  /**
   * Which table the seq numbers belong to: a new monitor (a restart), or the starting table after
   * a snapshot served before any poll succeeded. A client seeing a new epoch replaces its table.
   */
  epoch: string;
  seq: number;
  time: string;
  connections: TrackedConnection[];
  status: MonitorStatus;
}

/** Counters that change without an event (bytes, RTT): sent only for connections whose values moved. */
export interface MetricsUpdate {
  id: string;
  bytesSent: number | null;
  bytesReceived: number | null;
  rttMs: number | null;
}

/** A row that changed in something other than state, owner or counters (offload state, module, …). */
export interface RowUpdate {
  id: string;
  connection: TcpRow;
}

/** One poll's events (possibly none: every successful poll sends one, so clients can count refreshes). */
export interface EventsMessage {
  type: 'events';
  time: string;
  events: ConnectionEvent[];
  /** Live counters of connections that had no event this poll. */
  metrics: MetricsUpdate[];
  /** Connections whose other details changed without an event this poll: the whole new row. */
  updates: RowUpdate[];
  status: MonitorStatus;
}

/** Status alone: pause / resume, interval change, or a failed poll. */
export interface StatusMessage {
  type: 'status';
  status: MonitorStatus;
}

export type ServerMessage = SnapshotMessage | EventsMessage | StatusMessage;

export interface HistoryQuery {
  /** Only events whose connection this process owned. */
  pid?: number;
  /** At most this many, newest last. */
  limit: number;
}

/** Requests a client makes, with their parameters and results. */
export interface Requests {
  requestSnapshot: { params: Record<string, never>; result: null };
  setPaused: { params: { paused: boolean }; result: MonitorStatus };
  setIntervalMs: { params: { intervalMs: number }; result: MonitorStatus };
  getProcess: { params: { pid: number }; result: ProcessInfo | null };
  getHistory: { params: HistoryQuery; result: ConnectionEvent[] };
}
export type RequestName = keyof Requests;
export type RequestParams<K extends RequestName> = Requests[K]['params'];
export type RequestResult<K extends RequestName> = Requests[K]['result'];

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 10_000;
export const DEFAULT_INTERVAL_MS = 1_000;
export const HISTORY_LIMIT_MAX = 10_000;

/**
 * A JSON text known to encode a T. Push messages cross every boundary as text: the worker
 * serialises once, the transports forward the string, the renderer parses once.
 */
export type Json<T> = string & { readonly __json?: T };
export const encodeJson = <T>(value: T): Json<T> => JSON.stringify(value) as Json<T>;
export const decodeJson = <T>(text: Json<T>): T => JSON.parse(text) as T;

export type Unsubscribe = () => void;

/** What the renderer sees: one method per message, on both transports. */
export interface SockscopeApi {
  onSnapshot(listener: (message: Json<SnapshotMessage>) => void): Unsubscribe;
  onEvents(listener: (message: Json<EventsMessage>) => void): Unsubscribe;
  onStatus(listener: (message: Json<StatusMessage>) => void): Unsubscribe;
  requestSnapshot(): Promise<RequestResult<'requestSnapshot'>>;
  setPaused(paused: boolean): Promise<RequestResult<'setPaused'>>;
  setIntervalMs(intervalMs: number): Promise<RequestResult<'setIntervalMs'>>;
  getProcess(pid: number): Promise<RequestResult<'getProcess'>>;
  getHistory(query: HistoryQuery): Promise<RequestResult<'getHistory'>>;
}

/** Electron IPC channel names: the only strings preload and main may use. */
export const PUSH_CHANNELS = {
  snapshot: 'sockscope:snapshot',
  events: 'sockscope:events',
  status: 'sockscope:status',
} as const satisfies Record<ServerMessage['type'], string>;

export const REQUEST_CHANNELS = {
  requestSnapshot: 'sockscope:request-snapshot',
  setPaused: 'sockscope:set-paused',
  setIntervalMs: 'sockscope:set-interval',
  getProcess: 'sockscope:get-process',
  getHistory: 'sockscope:get-history',
} as const satisfies Record<RequestName, string>;

/** WebSocket frames, client → server. */
export interface WsRequestFrame<K extends RequestName = RequestName> {
  id: number;
  method: K;
  params: RequestParams<K>;
}
/** WebSocket frames, server → client, besides the ServerMessages. */
export type WsResponseFrame =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };
