/**
 * The row every data source produces, on every OS. Its JSON form is a public format
 * (README "Formats"): add optional fields only, never rename or remove.
 */

/** MIB_TCP_STATE values 1..12 (tcpmib.h), in order; index + 1 is the Windows value. */
export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN_SENT',
  'SYN_RECEIVED',
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'DELETE_TCB',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** TCP_CONNECTION_OFFLOAD_STATE values 0..3, in order. */
export const OFFLOAD_STATES = ['InHost', 'Offloading', 'Offloaded', 'Uploading'] as const;
export type OffloadState = (typeof OFFLOAD_STATES)[number];

export type AddressFamily = 'ipv4' | 'ipv6';

export interface TcpRow {
  family: AddressFamily;
  /** Text form: dotted quad, or RFC 5952 IPv6 (`::ffff:127.0.0.1` for IPv4-mapped). */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  localScopeId?: number;
  remoteScopeId?: number;
  state: TcpState;
  /** Null where the OS cannot say (TIME_WAIT, a socket still in an accept queue). */
  pid: number | null;
  processName: string | null;
  /** Windows only; null on Linux. */
  offloadState: OffloadState | null;
  /** ISO-8601, where the OS records it (Windows OWNER_MODULE tables); else null. */
  createdAt: string | null;
  bytesSent?: number | null;
  bytesReceived?: number | null;
  /** Smoothed round-trip time in milliseconds (Linux tcp_info). */
  rttMs?: number | null;
  /** Linux socket inode: tells apart rows with the same addresses (SO_REUSEPORT listeners). 0 for TIME_WAIT. */
  inode?: number;
  /**
   * Linux kernel socket cookie (netlink source): one socket's for its whole life, TIME_WAIT
   * included, and never another's; tells a new connection on a reused 4-tuple from the old one.
   */
  cookie?: number;
  /**
   * Only on a `closed` event: a connection no poll saw, known from the kernel's socket-destroy
   * notification (Linux). Its owner is unknown (null) and its counters are final.
   */
  shortLived?: boolean;
  /** Linux socket owner uid. */
  uid?: number;
  /** The owner's user name: Linux, the socket's uid; Windows, the owning process's user. Null where unknown. */
  user?: string | null;
  /**
   * True where the OS knows an owner this monitor may not see (another user's process, and no
   * root / administrator rights): the UI says so instead of leaving the owner blank.
   */
  ownerHidden?: boolean;
  /** Windows owning module / service (GetOwnerModuleFromTcp*Entry); null where unknown. */
  module?: string | null;
}

/**
 * Told what a source is about to do that could block (a table read, an fd scan), and null when
 * it is done: a poll that hangs can then say where.
 */
export type ActivityReporter = (what: string | null) => void;

/** Which implementation produced a snapshot; shown in the status bar. */
export type SourceKind = 'netlink' | 'proc' | 'win32' | 'fixture';

export interface DataSource {
  readonly kind: SourceKind;
  /** Human-readable description of the source, e.g. why a fallback is in use. */
  readonly description: string;
  /** Every TCP connection and listener, IPv4 and IPv6, all states. */
  snapshot(): Promise<TcpRow[]>;
  /** Details of one owning process, for the per-process drill-down; null if it is gone. */
  processInfo(pid: number): Promise<ProcessInfo | null>;
  /**
   * Whether `closeConnection` can work on a connection of this family: null if it can, else
   * the one-line reason why not (e.g. Windows has no way to close IPv6 connections).
   */
  closeRefusal?(family: AddressFamily): string | null;
  /**
   * Asks the OS to close one connection (Linux SOCK_DESTROY, Windows SetTcpEntry with
   * DELETE_TCB). Throws an ActionError whose message is the one-line reason on refusal
   * (privileges, kernel support, no such connection). Success means only that the OS took the
   * request: the monitor re-reads the table to see whether the connection is gone.
   */
  closeConnection?(row: TcpRow): Promise<void>;
  /**
   * The sockets the OS reported freed since the last call (Linux socket-destroy notifications),
   * taken by the monitor right after each snapshot so that they and the table agree.
   */
  takeDestroyed?(): DestroyedSockets;
  /**
   * Between polls: the sockets freed since the last drain that ended for good, heard now (so a
   * close is reported at the kernel's latency, not the poll's). A socket freed on entering
   * TIME_WAIT is left out: the entry it became lives on, and the next poll shows the transition.
   */
  takeEndedNow?(): DestroyedSockets;
  /**
   * During a poll: reads what the OS sent meanwhile into the source's own keeping (the OS's
   * buffer is small against a burst), for the next `takeEndedNow`. Those sockets were freed after
   * the poll's table was read, so they are joined only once its diff is done.
   */
  holdDestroyedNow?(): void;
  /** Whether this source hears of freed sockets, and why not or what went wrong; absent where it has no such thing. */
  destroyStatus?(): ShortLivedStatus;
  close?(): void;
}

/** What the OS reported freed between two snapshots. */
export interface DestroyedSockets {
  /** One row per freed socket (state CLOSED, `cookie` set, no owner, final counters). */
  rows: TcpRow[];
  /** True if the OS dropped notifications (ENOBUFS): short-lived connections may have been missed. */
  lost: boolean;
}

/** In the status: whether connections too short for a poll are seen (Linux socket-destroy notifications). */
export interface ShortLivedStatus {
  watching: boolean;
  /** One line: why they are not watched, or when notifications were last lost; else null. */
  note: string | null;
}

export interface ProcessInfo {
  pid: number;
  name: string | null;
  /** Executable path; null where access is denied. */
  exePath: string | null;
  commandLine: string | null;
  user: string | null;
  /** Process start time, ISO-8601, where known. */
  startedAt: string | null;
  /** Parent process id, where known (Linux: the parent now, after any reparenting on the first's exit). */
  parentPid: number | null;
  /** The parent's name; null where unknown, or where the parent has exited (its pid may be another process's now). */
  parentName: string | null;
}
