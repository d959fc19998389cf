/**
 * Listens to sock_diag's socket-destroy multicast groups (what `ss -E` listens to): the kernel
 * sends one inet_diag message per freed TCP socket, with its endpoints, cookie and final
 * tcp_info, so a connection that opens and closes between two polls is still seen.
 *
 * A second NETLINK_SOCK_DIAG socket, beside the dump's: multicast messages arriving on the dump
 * socket would be mixed into its answers. Drained without blocking, right after each dump.
 */
import { decodeInetDiag, errnoName, socketIdAt } from './inet-diag-decode';
import { libc, type Libc } from './libc';
import { AF_NETLINK, EAGAIN, EINTR, NetlinkSyscallError, openSockDiagSocket, SOL_SOCKET } from './netlink';
import { rowFromRecord, type SocketRecord } from './tcp-row';
import type { DestroyedSockets, TcpRow } from '../../main/common/types';

const SO_RCVBUF = 8;
/** As SO_RCVBUF, past net.core.rmem_max: needs CAP_NET_ADMIN, so it is tried first and may be refused. */
const SO_RCVBUFFORCE = 33;
/** linux/sock_diag.h */
const SKNLGRP_INET_TCP_DESTROY = 1;
const SKNLGRP_INET6_TCP_DESTROY = 2;
const MSG_DONTWAIT = 0x40;
const ENOBUFS = 105;

/**
 * Each message costs ~1.3 KiB of buffer (the kernel sizes it for a whole tcp_info), so Android
 * netd's 512 KiB holds only ~400: 0.2 s of 2 000 closes a second, less than one poll's dump at
 * 100 000 sockets, during which nothing drains. 4 MiB holds ~3 s. Without CAP_NET_ADMIN the
 * kernel caps it at net.core.rmem_max (often 208 KiB, 4 MiB on this machine), and says nothing.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
/** A multicast datagram holds one socket's message (~250 bytes); room to spare. */
const DATAGRAM_BUFFER_BYTES = 64 * 1024;

/** What one drain heard: the freed sockets' rows, and each one's inet_diag_sockid (index for index), to look it up by. */
export interface HeardDestroys extends DestroyedSockets {
  ids: Uint8Array[];
}

export class DestroyListener {
  private fd: number;
  private readonly c: Libc;
  private readonly buffer = new Uint8Array(DATAGRAM_BUFFER_BYTES);

  /** Opens and subscribes now; throws a one-line Error naming the refusal (errno) if the kernel will not. */
  /** `receiveBufferBytes`: smaller than the default only to make the kernel drop messages (tests). */
  constructor(options: { receiveBufferBytes?: number } = {}) {
    this.c = libc();
    const fd = openSockDiagSocket(this.c);
    this.fd = fd;
    const int = new Uint8Array(4);
    const view = new DataView(int.buffer);
    view.setInt32(0, options.receiveBufferBytes ?? RECEIVE_BUFFER_BYTES, true);
    // Best effort: the default buffer only loses more under bursts. A small size asked for (tests) is never forced.
    if (options.receiveBufferBytes !== undefined || this.c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, int, 4) < 0) {
      this.c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, int, 4);
    }
    // bind() with nl_groups, as ss -E does: a membership added by setsockopt alone, on an unbound
    // socket, receives nothing. struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups; }.
    const address = new Uint8Array(12);
    const a = new DataView(address.buffer);
    a.setUint16(0, AF_NETLINK, true);
    a.setUint32(8, (1 << (SKNLGRP_INET_TCP_DESTROY - 1)) | (1 << (SKNLGRP_INET6_TCP_DESTROY - 1)), true);
    if (this.c.bind(fd, address, address.length) < 0) {
      const errno = this.c.lastErrno();
      this.close();
      throw new Error(`socket-destroy notifications refused: ${errnoName(errno)}`);
    }
  }

  /** Everything the kernel has sent since the last drain; never blocks. */
  drain(): HeardDestroys {
    const rows: TcpRow[] = [];
    const ids: Uint8Array[] = [];
    let lost = false;
    if (this.fd < 0) return { rows, ids, lost };
    const collect = (r: SocketRecord, at: number): void => {
      rows.push(rowFromRecord(r));
      ids.push(socketIdAt(this.buffer, at));
    };
    for (;;) {
      const n = this.c.recv(this.fd, this.buffer, this.buffer.length, MSG_DONTWAIT);
      if (n < 0) {
        const errno = this.c.lastErrno();
        if (errno === EINTR) continue;
        // The socket's queue overflowed and was cut: say so, and keep reading what is left.
        if (errno === ENOBUFS) {
          lost = true;
          continue;
        }
        if (errno === EAGAIN) break;
        throw new NetlinkSyscallError(errno, 'recv');
      }
      if (n === 0) break;
      decodeInetDiag(this.buffer, n, collect);
    }
    return { rows, ids, lost };
  }

  close(): void {
    if (this.fd >= 0) this.c.close(this.fd);
    this.fd = -1;
  }
}
