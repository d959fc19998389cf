/**
 * The requests of the one typed contract, and the API a UI sees. `Requests` is the single
 * source: the channel names, the renderer's methods (`SockscopeApi`), the validators
 * (validate.ts) and the handlers are all typed from it, so a request is added by writing its
 * entry here, its validator and its handler — and forgetting one is a type error.
 */
import type { ProcessInfo, TcpRow, TcpState } from '../types';
import type { ConnectionEvent, TrackedConnection } from './events';
import type { Json, MonitorStatus, ServerMessage, WireMessage } from './messages';

/**
 * Which recorded events to return (every field but `limit` optional; all given must match).
 * Served from the recorded history where it is recording, else from the monitor's memory.
 */
export interface HistoryQuery {
  /** ISO-8601: only events at or after this time. */
  since?: string;
  /** ISO-8601: only events at or before this time. */
  until?: string;
  /** Only events whose connection this process owned (the row's pid, or the last owner once it has none). */
  pid?: number;
  /** Only events whose connection's owner had exactly this process name. */
  process?: string;
  /** Only events whose remote address is this one, as `scopedAddress` writes it (`fe80::1%3`). */
  remote?: string;
  /** Only events with this port at either end. */
  port?: number;
  /** Only events whose row was in this state. */
  state?: TcpState;
  /**
   * Words, each of which must appear (case-insensitively) in what the History view shows of an
   * event: its type, process name and pid, both endpoints and its state(s); `!word` must not.
   */
  text?: string;
  /** Only events with a seq below this one: paging back from the oldest event shown. */
  beforeSeq?: number;
  /** At most this many, the newest of those matching, newest last. */
  limit: number;
}

/** How many events happened in each of `buckets` equal slices of [since, until). */
export interface TimelineQuery {
  /** ISO-8601. */
  since: string;
  /** ISO-8601, later than `since`. */
  until: string;
  /** 1 to TIMELINE_BUCKETS_MAX. */
  buckets: number;
}
export interface Timeline {
  since: string;
  until: string;
  /** Each bucket's length; bucket i covers [since + i × bucketMs, since + (i + 1) × bucketMs). */
  bucketMs: number;
  /** Events per bucket, `buckets` of them. */
  counts: number[];
  /** ISO-8601 time of the oldest record there is (recorded history, else the monitor's memory); null if none. */
  recordedSince: string | null;
}

/** The table as it was at one moment: the nearest keyframe before it, and the events after. */
export interface TableAt {
  at: string;
  connections: TrackedConnection[];
}

/** One connection a process had in a period. */
export interface ProcessConnection {
  /** The connection's id (unique in the recorded history; the grid's row id while it lives). */
  id: string;
  /** Its last row seen in the period: for a closed one, the row it closed with (final bytes). */
  row: TcpRow;
  /** ISO-8601 time of its opened event; null where it was already open when first seen. */
  openedAt: string | null;
  /** ISO-8601 time of its closed event; null if it was still open at the period's end. */
  closedAt: string | null;
  /** It opened and closed between two polls: only the kernel's destroy notification saw it. */
  shortLived: boolean;
}
export interface ProcessConnectionsQuery {
  pid: number;
  /** ISO-8601; default: as far back as there is history. */
  since?: string;
  /** ISO-8601; default: now. */
  until?: string;
}

/** No parameters. */
export type NoParams = Record<string, never>;

/** What the asking client may do, as its transport decides (the web shell is read-only unless started with --allow-actions). */
export interface SessionInfo {
  /** Whether this client may close connections and end processes. */
  actionsAllowed: boolean;
  /** Why not, in one line; null where actions are allowed. */
  actionsRefusal: string | null;
  /** Restarting with the rights to see every owner: offered by the desktop app only (null elsewhere). */
  elevation: ElevationOffer | null;
}

/** "Restart as administrator" (Windows) / "Restart as root" (Linux), as the desktop app offers it. */
export interface ElevationOffer {
  /** What the button says. */
  label: string;
  /** What more the restarted app will show, one line. */
  gain: string;
  /** Why it cannot be done here (no pkexec, an unsupported OS), one line; null where it can. */
  refusal: string | null;
}

/** Requests a client makes, with their parameters and results. */
export interface Requests {
  /** A fresh snapshot, pushed to the asking client as an ordinary snapshot message. */
  requestSnapshot: { params: NoParams; result: null };
  setIntervalMs: { params: { intervalMs: number }; result: MonitorStatus };
  /** Resolve addresses to host names, or stop (no more lookups: PTR queries tell a DNS server what the machine talks to). */
  setResolveNames: { params: { resolve: boolean }; result: MonitorStatus };
  /** Poll at once (F5); resolves when that poll's events have been pushed. */
  pollNow: { params: NoParams; result: MonitorStatus };
  getProcess: { params: { pid: number }; result: ProcessInfo | null };
  /** Recorded events matching the query, oldest first (newest last). */
  getHistory: { params: HistoryQuery; result: ConnectionEvent[] };
  /** Events per time bucket, for the timeline strip. */
  getTimeline: { params: TimelineQuery; result: Timeline };
  /** The table as it was at `at` (ISO-8601), for time travel. */
  getTableAt: { params: { at: string }; result: TableAt };
  /** Every connection a process had in a period (closed and short-lived ones too), each with its last row. */
  getProcessConnections: { params: ProcessConnectionsQuery; result: { connections: ProcessConnection[] } };
  /** What this client may do. */
  getSession: { params: NoParams; result: SessionInfo };
  /**
   * Desktop app only: start an elevated copy (UAC on Windows, pkexec on Linux), which replaces
   * this one once it runs. Rejects with the reason (declined, no pkexec, the web shell).
   */
  restartElevated: { params: NoParams; result: { started: true } };
  /**
   * Action: close one connection (`id` is the grid row's, TrackedConnection.id). Resolves once the
   * table has been re-read without it (its closed event already pushed); rejects with the reason.
   */
  closeConnection: { params: { id: string }; result: { closed: true } };
  /**
   * Action: SIGTERM (Windows: TerminateProcess), or SIGKILL with `force`; waits a few seconds for
   * the process to go. `exited: false` means it is still there (it may be ignoring SIGTERM).
   */
  endProcess: { params: { pid: number; force?: boolean }; result: { pid: number; exited: boolean } };
}
export type RequestName = keyof Requests;
export type RequestParams<K extends RequestName> = Requests[K]['params'];
export type RequestResult<K extends RequestName> = Requests[K]['result'];

/** Requests the transport answers itself, since they concern the asking client only. */
export type ClientRequestName = 'requestSnapshot' | 'getSession' | 'restartElevated';
/** Requests the monitor answers. */
export type MonitorRequestName = Exclude<RequestName, ClientRequestName>;

/**
 * Whether each of the monitor's requests acts on the machine (closes a connection, ends a
 * process): a transport that does not allow actions refuses those. Every request must say.
 */
const ACTS = {
  setIntervalMs: false,
  setResolveNames: false,
  pollNow: false,
  getProcess: false,
  getHistory: false,
  getTimeline: false,
  getTableAt: false,
  getProcessConnections: false,
  closeConnection: true,
  endProcess: true,
} as const satisfies Record<MonitorRequestName, boolean>;
export type ActionRequestName = { [K in MonitorRequestName]: (typeof ACTS)[K] extends true ? K : never }[MonitorRequestName];
/** The requests that act on the machine. */
export const ACTION_REQUESTS = (Object.keys(ACTS) as MonitorRequestName[]).filter((k) => ACTS[k]) as ActionRequestName[];

export function isActionRequest(method: RequestName): method is ActionRequestName {
  return Object.hasOwn(ACTS, method) && ACTS[method as MonitorRequestName];
}

export const HISTORY_LIMIT_MAX = 10_000;
export const TIMELINE_BUCKETS_MAX = 1_000;

/** Electron IPC channel names: the only strings preload and main may use. */
export const REQUEST_CHANNELS = {
  requestSnapshot: 'sockscope:request-snapshot',
  setIntervalMs: 'sockscope:set-interval',
  setResolveNames: 'sockscope:set-resolve-names',
  pollNow: 'sockscope:poll-now',
  getProcess: 'sockscope:get-process',
  getHistory: 'sockscope:get-history',
  getTimeline: 'sockscope:get-timeline',
  getTableAt: 'sockscope:get-table-at',
  getProcessConnections: 'sockscope:get-process-connections',
  getSession: 'sockscope:get-session',
  restartElevated: 'sockscope:restart-elevated',
  closeConnection: 'sockscope:close-connection',
  endProcess: 'sockscope:end-process',
} as const satisfies Record<RequestName, string>;

export const PUSH_CHANNELS = {
  snapshot: 'sockscope:snapshot',
  snapshotRows: 'sockscope:snapshot-rows',
  events: 'sockscope:events',
  status: 'sockscope:status',
  names: 'sockscope:names',
  menuCommand: 'sockscope:menu-command',
} as const satisfies Record<ServerMessage['type'], string>;

export const REQUEST_NAMES = Object.keys(REQUEST_CHANNELS) as RequestName[];
export const PUSH_TYPES = Object.keys(PUSH_CHANNELS) as ServerMessage['type'][];

export type Unsubscribe = () => void;
export type PushType = ServerMessage['type'];
export type PushMessage<T extends PushType> = Extract<ServerMessage, { type: T }>;
export type PushListener<T extends PushType> = (message: Json<WireMessage<PushMessage<T>>>) => void;

/** A request method: the parameters object may be left out where the request has none. */
export type RequestMethod<K extends RequestName> = (
  ...params: RequestParams<K> extends NoParams ? [params?: NoParams] : [params: RequestParams<K>]
) => Promise<RequestResult<K>>;

/** What the renderer sees: `onSnapshot`, `onEvents`, `onStatus`, `onNames`, `onMenuCommand`, and one method per request. */
export type SockscopeApi = {
  [T in PushType as `on${Capitalize<T>}`]: (listener: PushListener<T>) => Unsubscribe;
} & {
  [K in RequestName]: RequestMethod<K>;
};

/** What a transport's client end provides; `sockscopeApi` turns it into the named methods. */
export interface ApiCarrier {
  subscribe<T extends PushType>(type: T, listener: PushListener<T>): Unsubscribe;
  call(method: RequestName, params: object): Promise<unknown>;
}

/**
 * The API as named methods (no generic send or invoke), built by mapping over the contract's
 * tables: the preload exposes exactly this object, the WebSocket client builds the same one.
 */
export function sockscopeApi(carrier: ApiCarrier): SockscopeApi {
  const api: Record<string, unknown> = {};
  for (const type of PUSH_TYPES) {
    api[`on${type[0].toUpperCase()}${type.slice(1)}`] = (listener: PushListener<typeof type>) =>
      carrier.subscribe(type, listener);
  }
  for (const method of REQUEST_NAMES) api[method] = (params: object = {}) => carrier.call(method, params);
  // The carrier answers `method` with RequestResult<method>: the one place this is taken on trust.
  return api as SockscopeApi;
}

/** WebSocket frames, client → server. */
export interface WsRequestFrame<K extends RequestName = RequestName> {
  id: number;
  method: K;
  params: RequestParams<K>;
}
/** WebSocket frames, server → client, besides the ServerMessages. */
export type WsResponseFrame =
  { type: 'response'; id: number; ok: true; result: unknown } | { type: 'response'; id: number; ok: false; error: string };
