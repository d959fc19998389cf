import type { AddressFamily, TcpRow, TcpState } from '../../main/common/types';

/**
 * Linux TCP state numbers (include/net/tcp_states.h) → our MIB names. Index = kernel value.
 * TCP_NEW_SYN_RECV (12) is a request socket still in the SYN queue: SYN_RECEIVED to a user.
 */
const LINUX_TCP_STATES: readonly (TcpState | undefined)[] = [
  undefined,
  'ESTABLISHED', // 1 TCP_ESTABLISHED
  'SYN_SENT', // 2 TCP_SYN_SENT
  'SYN_RECEIVED', // 3 TCP_SYN_RECV
  'FIN_WAIT_1', // 4 TCP_FIN_WAIT1
  'FIN_WAIT_2', // 5 TCP_FIN_WAIT2
  'TIME_WAIT', // 6 TCP_TIME_WAIT
  'CLOSED', // 7 TCP_CLOSE
  'CLOSE_WAIT', // 8 TCP_CLOSE_WAIT
  'LAST_ACK', // 9 TCP_LAST_ACK
  'LISTEN', // 10 TCP_LISTEN
  'CLOSING', // 11 TCP_CLOSING
  'SYN_RECEIVED', // 12 TCP_NEW_SYN_RECV
];

/** Bit mask of every kernel state above, for inet_diag's idiag_states (bit n = state n). */
export const ALL_LINUX_TCP_STATES_MASK = (1 << LINUX_TCP_STATES.length) - 2;

/** Our name for a Linux state number, or undefined if the kernel sent something unknown. */
export function linuxTcpState(value: number): TcpState | undefined {
  return LINUX_TCP_STATES[value];
}

/**
 * One socket as a parser saw it. Parsers reuse a single instance for every socket (no
 * allocation per socket), so a consumer copies what it keeps: see `rowFromRecord`.
 */
export interface SocketRecord {
  family: AddressFamily;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Only for link-local IPv6 addresses; undefined otherwise. */
  localScopeId: number | undefined;
  remoteScopeId: number | undefined;
  state: TcpState;
  inode: number;
  uid: number;
  bytesSent: number | null;
  bytesReceived: number | null;
  rttMs: number | null;
  /** Kernel socket cookie (unique per socket, TIME_WAIT included); 0 where unknown (/proc). */
  cookie: number;
}

export function emptySocketRecord(): SocketRecord {
  return {
    family: 'ipv4',
    localAddress: '',
    localPort: 0,
    remoteAddress: '',
    remotePort: 0,
    localScopeId: undefined,
    remoteScopeId: undefined,
    state: 'CLOSED',
    inode: 0,
    uid: 0,
    bytesSent: null,
    bytesReceived: null,
    rttMs: null,
    cookie: 0,
  };
}

/**
 * A new row from a record, every field in one fixed order so that all rows share one object
 * shape (fast property access in the differ). Owner fields start null: owners.ts fills them.
 */
export function rowFromRecord(r: SocketRecord): TcpRow {
  const row: TcpRow = {
    family: r.family,
    localAddress: r.localAddress,
    localPort: r.localPort,
    remoteAddress: r.remoteAddress,
    remotePort: r.remotePort,
    state: r.state,
    pid: null,
    processName: null,
    offloadState: null,
    createdAt: null,
    bytesSent: r.bytesSent,
    bytesReceived: r.bytesReceived,
    rttMs: r.rttMs,
    inode: r.inode,
    uid: r.uid,
  };
  // Scope ids exist only on link-local rows (rare): absent rather than undefined elsewhere.
  if (r.localScopeId !== undefined) row.localScopeId = r.localScopeId;
  if (r.remoteScopeId !== undefined) row.remoteScopeId = r.remoteScopeId;
  // Netlink rows all have one (same shape among them); /proc has none to give.
  if (r.cookie !== 0) row.cookie = r.cookie;
  return row;
}

/** True if `row` already says everything `r` says (owner fields aside). */
export function rowMatchesRecord(row: TcpRow, r: SocketRecord): boolean {
  return (
    row.state === r.state &&
    row.bytesSent === r.bytesSent &&
    row.bytesReceived === r.bytesReceived &&
    row.rttMs === r.rttMs &&
    row.inode === r.inode &&
    row.uid === r.uid &&
    row.localPort === r.localPort &&
    row.remotePort === r.remotePort &&
    row.localAddress === r.localAddress &&
    row.remoteAddress === r.remoteAddress &&
    row.family === r.family &&
    row.localScopeId === r.localScopeId &&
    row.remoteScopeId === r.remoteScopeId
  );
}

/** Collects fresh rows: the simple consumer, for /proc and for tests. */
export function collectRows(rows: TcpRow[]): (r: SocketRecord) => void {
  return (r) => {
    rows.push(rowFromRecord(r));
  };
}
