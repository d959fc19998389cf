/**
 * Thin NETLINK_SOCK_DIAG client: sends inet_diag dump requests for TCP and hands every
 * received datagram, as raw bytes, to a callback; sends SOCK_DESTROY and reads its answer.
 * Requests are built in inet-diag-request.ts, replies decoded in inet-diag-decode.ts.
 *
 * Synchronous on purpose: a dump of 40 000 sockets is ~500 datagrams, and koffi's async
 * calls (one thread-pool round trip each) measured 69 ms against 49 ms for this loop, while
 * decoding, the only work they could overlap, takes ~5 ms.
 */
import { AF_INET, AF_INET6, decodeInetDiag, decodeLookupAnswer, errnoName } from './inet-diag-decode';
import { tcpDumpRequest, tcpDumpRequestBothFamilies, tcpLookupRequest } from './inet-diag-request';
import type { TcpState } from '../../main/common/types';
import { libc, type Libc } from './libc';

export const AF_NETLINK = 16;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
export const EINTR = 4;
export const EAGAIN = 11;
export const SOL_SOCKET = 1;
const SO_RCVTIMEO = 20;
/** A dump that stops answering fails the poll after this long instead of hanging the poller. */
const RECV_TIMEOUT_SECONDS = 5;

/**
 * The kernel puts at most 32 KiB in one dump datagram; a larger buffer costs nothing and
 * keeps us safe if that changes (a short one would silently truncate the datagram).
 */
const RECV_BUFFER_SIZE = 256 * 1024;

/** A syscall failed: errno tells the source whether to fall back to /proc. */
export class NetlinkSyscallError extends Error {
  constructor(
    readonly errno: number,
    call: string,
  ) {
    super(`netlink ${call} failed: ${errnoName(errno)}`);
    this.name = 'NetlinkSyscallError';
  }
}

/**
 * Receives each datagram; returns true once the dump it belongs to is finished (NLMSG_DONE
 * seen). The bytes are only valid during the call. Throwing aborts the dump.
 */
export type ChunkSink = (chunk: Uint8Array, length: number) => boolean;

/** A NETLINK_SOCK_DIAG socket (the dump's, or the destroy listener's); a refusal throws with its errno. */
export function openSockDiagSocket(c: Libc): number {
  const fd = c.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) throw new NetlinkSyscallError(c.lastErrno(), 'socket');
  return fd;
}

export class SockDiagClient {
  private fd = -1;
  private seq = 1;
  /** One TCPDIAG_GETSOCK walk where the kernel takes it, else SOCK_DIAG_BY_FAMILY per family. */
  private singleWalk = true;
  private readonly forcePerFamily: boolean;
  /** Reused across polls: one allocation for the life of the source. */
  private readonly buffer = new Uint8Array(RECV_BUFFER_SIZE);
  private readonly c: Libc;

  /** Opens the socket now, so a refusal (EACCES, EPROTONOSUPPORT…) shows up at once. */
  constructor(options: { perFamily?: boolean } = {}) {
    this.c = libc();
    this.forcePerFamily = options.perFamily ?? false;
    this.singleWalk = !this.forcePerFamily;
    this.open();
  }

  /**
   * Empty dumps (no states asked): show at once whether the kernel lets us dump at all, and
   * whether it takes the single-walk request. Throws if no request is allowed.
   */
  probe(): void {
    const finished = (chunk: Uint8Array, length: number): boolean => decodeInetDiag(chunk, length, () => {}) > 0;
    try {
      if (this.forcePerFamily) throw new Error('per-family requests asked for');
      this.run(() => this.exchange(tcpDumpRequestBothFamilies(this.seq++, 0), finished));
      this.singleWalk = true;
    } catch {
      this.run(() => this.exchange(tcpDumpRequest(AF_INET, this.seq++, 0), finished));
      this.singleWalk = false;
    }
  }

  /** Dumps all TCP sockets, IPv4 and IPv6, passing every datagram to `sink`. */
  dumpTcp(sink: ChunkSink): void {
    this.run(() => {
      if (this.singleWalk) this.exchange(tcpDumpRequestBothFamilies(this.seq++), sink);
      else for (const family of [AF_INET, AF_INET6]) this.exchange(tcpDumpRequest(family, this.seq++), sink);
    });
  }

  /**
   * Sends a request the kernel acknowledges (SOCK_DESTROY, built by `make` with this socket's
   * next sequence number) and reads the acknowledgement. Throws NetlinkReplyError with the
   * kernel's errno if it refused.
   */
  request(make: (seq: number) => Uint8Array): void {
    // The ack is one NLMSG_ERROR message: error 0 passes, any other throws.
    this.run(() => this.exchange(make(this.seq++), (chunk, length) => (decodeInetDiag(chunk, length, () => {}), true)));
  }

  /**
   * The state of the socket on these endpoints now (`sockId` as a dump or a destroy notification
   * gave it; the cookie is not compared), or null if the kernel has none. A one-message answer:
   * ENOENT completes it, so the socket is kept.
   */
  stateOf(family: number, sockId: Uint8Array): TcpState | null {
    let state: TcpState | null = null;
    const onAnswer = (chunk: Uint8Array, length: number): boolean => {
      state = decodeLookupAnswer(chunk, length);
      return true;
    };
    this.run(() => this.exchange(tcpLookupRequest(family, sockId, this.seq++), onAnswer));
    return state;
  }

  private run(dumps: () => void): void {
    if (this.fd < 0) this.open();
    try {
      dumps();
    } catch (err) {
      // A dump cut short leaves its state (and maybe datagrams) on the socket: start afresh.
      this.close();
      throw err;
    }
  }

  close(): void {
    if (this.fd >= 0) this.c.close(this.fd);
    this.fd = -1;
  }

  private open(): void {
    const fd = openSockDiagSocket(this.c);
    this.fd = fd;
    const timeout = new Uint8Array(16); // struct timeval { long tv_sec; long tv_usec; }
    new DataView(timeout.buffer).setBigInt64(0, BigInt(RECV_TIMEOUT_SECONDS), true);
    this.c.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, timeout.length); // best effort: without it, no timeout
  }

  /** Sends `request`, then hands each datagram to `sink` until it says the answer is complete. */
  private exchange(request: Uint8Array, sink: ChunkSink): void {
    if (this.c.send(this.fd, request, request.length, 0) < 0) throw new NetlinkSyscallError(this.c.lastErrno(), 'send');
    for (;;) {
      const n = this.c.recv(this.fd, this.buffer, this.buffer.length, 0);
      if (n < 0) {
        const errno = this.c.lastErrno();
        if (errno === EINTR) continue;
        if (errno === EAGAIN) throw new Error(`netlink: the kernel sent no more of its answer for ${RECV_TIMEOUT_SECONDS} s`);
        throw new NetlinkSyscallError(errno, 'recv');
      }
      if (n === 0) throw new Error('netlink: socket closed in the middle of an answer');
      if (sink(this.buffer, n)) return;
    }
  }
}
