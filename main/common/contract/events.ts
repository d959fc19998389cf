import type { TcpRow, TcpState } from '../types';

export type ConnectionEventType = 'opened' | 'state-changed' | 'owner-changed' | 'closed';

/**
 * One change in the connection table. Its JSON form (minus `id`, which is extra) is the
 * public `watch --json` format. `seq` rises by exactly 1 per event for the life of a monitor.
 */
export interface ConnectionEvent {
  seq: number;
  /** ISO-8601 time of the poll that saw the change. */
  time: string;
  type: ConnectionEventType;
  /** Stable id of the tracked connection for as long as it lives; the grid's row id. */
  id: string;
  /** The row as now seen; for `closed`, the last row seen. */
  connection: TcpRow;
  from?: TcpState;
  to?: TcpState;
}

export interface Transition {
  from: TcpState;
  to: TcpState;
  /** ISO-8601. */
  at: string;
}

/** A process that owned a connection. */
export interface Owner {
  pid: number;
  processName: string | null;
}

/** A live connection as the monitor tracks it: the row plus what the monitor has learnt of it. */
export interface TrackedConnection {
  id: string;
  row: TcpRow;
  /** ISO-8601 time of the poll that first saw it (the starting table's time for those). */
  firstSeenAt: string;
  lastTransition: Transition | null;
  /** The last process seen owning it, once the row has none (TIME_WAIT, a closed socket's last moments). */
  lastOwner?: Owner;
}
