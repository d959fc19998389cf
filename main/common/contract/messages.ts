/**
 * The push messages of the one typed contract between the monitor and any UI (requests are in
 * requests.ts). Both transports (Electron IPC and the web shell's WebSocket) carry exactly these.
 */
import type { ShortLivedStatus, SourceKind, TcpRow } from '../types';
import type { ConnectionEvent, Owner, TrackedConnection, Transition } from './events';

export interface PollError {
  message: string;
  /** ISO-8601 time of the failed poll. */
  at: string;
}

export interface MonitorStatus {
  source: SourceKind;
  sourceDescription: string;
  intervalMs: number;
  /** ISO-8601 time of the last successful poll. */
  lastGoodPollAt: string | null;
  /** The last poll's failure; null once a poll succeeds again. */
  error: PollError | null;
  /** Wall time of the last successful poll (table + owners + diff), ms. */
  pollDurationMs: number | null;
  /** Per family, why "Close connection" cannot work on this source (one line), or null where it can. */
  closeRefusal: { ipv4: string | null; ipv6: string | null };
  /** Whether addresses are being resolved to host names (the OS's way: hosts file, then DNS PTR). */
  resolveNames: boolean;
  /** The recorded history: whether this monitor is recording, and why not. */
  history: HistoryStatus;
  /** Whether connections opened and closed between two polls are seen (Linux); absent where the source cannot. */
  shortLived?: ShortLivedStatus;
}

export interface HistoryStatus {
  /** Whether this poll's events are being written to the history database. */
  recording: boolean;
  /** One line on what is wrong or off (recording paused, off, or refused), else null. */
  note: string | null;
  /** ISO-8601 time of the oldest record in the history database; null where there is none. */
  since: string | null;
}

/** The host name of one address, as the OS resolves it. */
export interface HostName {
  /** The address as `scopedAddress()` writes it: `fe80::1%3` for a link-local one. */
  address: string;
  /** Null: the address has no name. */
  host: string | null;
}

/**
 * The whole table, consistent with `seq`: the next event a client applies is `seq + 1`. A table of
 * more than SNAPSHOT_ROWS_PER_MESSAGE connections crosses in parts (`encodeSnapshot`): this message
 * with the first rows, then `rowsToFollow` rows in SnapshotRowsMessages right after it, in order.
 */
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
  /** The known names of the table's addresses (none while resolving is off); more follow in `names` messages. */
  names: HostName[];
  status: MonitorStatus;
  /** Connections of this table still to come in SnapshotRowsMessages; absent (0) when this message holds them all. */
  rowsToFollow?: number;
}

/** The next rows of a snapshot sent in parts: nothing comes between a snapshot's parts. */
export interface SnapshotRowsMessage {
  type: 'snapshotRows';
  /** The snapshot's epoch and seq: rows of another snapshot are not this one's. */
  epoch: string;
  seq: number;
  connections: TrackedConnection[];
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
  /** Set on closes heard between polls (Linux socket-destroy notifications): no poll made this message. */
  betweenPolls?: true;
}

/** Status alone: pause / resume, interval change, or a failed poll. */
export interface StatusMessage {
  type: 'status';
  status: MonitorStatus;
}

/** Names that arrived since the last such message, sent in batches as lookups answer (never by re-sending rows). */
export interface NamesMessage {
  type: 'names';
  names: HostName[];
}

/**
 * The desktop app's menu commands, pushed to the window: each does what the renderer's own key
 * or button for it does. A closed list: the renderer refuses any other name.
 */
export const MENU_COMMANDS = [
  'resolveAddresses',
  'pause',
  'refreshNow',
  'copy',
  'find',
  'closeConnection',
  'endProcess',
  'processDetails',
  'keyboardShortcuts',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A menu item was chosen (desktop app only). */
export interface MenuCommandMessage {
  type: 'menuCommand';
  command: MenuCommand;
}

export type ServerMessage =
  SnapshotMessage | SnapshotRowsMessage | EventsMessage | StatusMessage | NamesMessage | MenuCommandMessage;

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 10_000;
export const DEFAULT_INTERVAL_MS = 1_000;

/**
 * A snapshot's connections as they cross (snapshot-parts.ts): each one an array, its row's values
 * in the order of one of `shapes` (the row's keys, few and shared), so that a 100 000-row table is
 * ~15 MB of JSON rather than ~38 MB of repeated keys.
 */
export interface WireRows {
  shapes: (keyof TcpRow)[][];
  connections: WireConnection[];
}

/** [id, firstSeenAt, lastTransition, lastOwner (null: none), index into `shapes`, ...the row's values in that shape's order] */
export type WireConnection = [string, string, Transition | null, Owner | null, number, ...TcpRow[keyof TcpRow][]];

/** A push message as its text holds it: a snapshot's rows compact (WireRows), every other message as it is. */
export type WireMessage<M> = M extends { connections: TrackedConnection[] } ? Omit<M, 'connections'> & { rows: WireRows } : M;

/**
 * A JSON text known to encode a T. Push messages cross every boundary as text: the worker
 * serialises once, the transports forward the string, the renderer parses once.
 */
export type Json<T> = string & { readonly __json?: T };
export const encodeJson = <T>(value: T): Json<T> => JSON.stringify(value) as Json<T>;
export const decodeJson = <T>(text: Json<T>): T => JSON.parse(text) as T;
