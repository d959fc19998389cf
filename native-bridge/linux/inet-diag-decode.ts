/**
 * Pure decoder for NETLINK_SOCK_DIAG dump replies (bytes in, rows out; no FFI here).
 * Layouts from the kernel UAPI headers linux/netlink.h, linux/inet_diag.h, linux/tcp.h,
 * checked with offsetof() against this machine's headers.
 */
import os from 'node:os';
import { getSystemErrorName } from 'node:util';
import { AddressTextCache, isLinkLocalIPv6 } from '../../main/common/address-format';
import { emptySocketRecord, linuxTcpState, type SocketRecord } from './tcp-row';
import type { TcpState } from '../../main/common/types';

export const NLMSG_HDRLEN = 16;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLMSG_NOOP = 1;
const NLMSG_OVERRUN = 4;
const ENOENT = 2;
/** Reply types: a socket is answered with the type of the request that asked. */
export const SOCK_DIAG_BY_FAMILY = 20;
export const TCPDIAG_GETSOCK = 18;

export const AF_INET = 2;
export const AF_INET6 = 10;

/** struct inet_diag_msg: 72 bytes, then rtattrs. Offsets below are within it. */
const INET_DIAG_MSG_LEN = 72;
const MSG_FAMILY = 0;
const MSG_STATE = 1;
/** id: struct inet_diag_sockid, what names the socket in a request (SOCK_DESTROY). */
const MSG_ID = 4;
export const INET_DIAG_SOCKID_LEN = 48;
const MSG_SPORT = 4; // id.idiag_sport, big-endian
const MSG_DPORT = 6;
const MSG_SRC = 8; // id.idiag_src[4], network order
const MSG_DST = 24;
const MSG_IF = 40; // id.idiag_if
const MSG_COOKIE = 44; // id.idiag_cookie[2], host order, low word first
const MSG_UID = 64;
const MSG_INODE = 68;

const RTA_HDRLEN = 4;
export const INET_DIAG_INFO = 2;

/** struct tcp_info offsets; a shorter tcp_info (older kernel) lacks the later fields. */
const TCPI_RTT = 68; // u32, microseconds
const TCPI_BYTES_ACKED = 120; // u64, since Linux 4.1: sent and acknowledged
const TCPI_BYTES_SENT = 200; // u64, since Linux 4.19: everything sent, retransmissions included, as ss -i shows
const TCPI_BYTES_RECEIVED = 128; // u64, since Linux 4.1

/** A dump the kernel answered with an error (NLMSG_ERROR, or an error code in NLMSG_DONE). */
export class NetlinkReplyError extends Error {
  constructor(
    readonly errno: number,
    what: string,
  ) {
    super(`inet_diag: ${what}: ${errnoName(errno)}`);
    this.name = 'NetlinkReplyError';
  }
}

/** `EPERM` for 1: libuv's name, else the OS's (libuv names only the errors it maps, not ESTALE), else `errno N`. */
export function errnoName(errno: number): string {
  const code = Math.abs(errno);
  try {
    const name = getSystemErrorName(-code);
    if (!name.startsWith('Unknown')) return name;
  } catch {
    // not an errno libuv knows
  }
  return Object.entries(os.constants.errno).find(([, value]) => value === code)?.[0] ?? `errno ${code}`;
}

function malformed(message: string): Error {
  return new Error(`inet_diag: ${message}`);
}

const TWO_TO_32 = 4294967296;

const defaultAddressCache = new AddressTextCache();

/** The inet_diag_sockid of the socket message whose inet_diag_msg starts at `messageAt` (as decodeInetDiag reports it), copied. */
export function socketIdAt(bytes: Uint8Array, messageAt: number): Uint8Array {
  return bytes.slice(messageAt + MSG_ID, messageAt + MSG_ID + INET_DIAG_SOCKID_LEN);
}

/**
 * The answer to a one-socket lookup (a request without NLM_F_DUMP): the socket's state, or null
 * if the kernel has none (NLMSG_ERROR ENOENT, the common answer, read without building an
 * Error). Any other error throws NetlinkReplyError.
 */
export function decodeLookupAnswer(bytes: Uint8Array, length: number): TcpState | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  if (length < NLMSG_HDRLEN + 4) throw malformed(`lookup answer of ${length} bytes is too short`);
  const type = view.getUint16(4, true);
  if (type === NLMSG_ERROR) {
    const error = -view.getInt32(NLMSG_HDRLEN, true);
    if (error === ENOENT) return null;
    throw new NetlinkReplyError(error, 'kernel refused the lookup');
  }
  if (type !== SOCK_DIAG_BY_FAMILY || length < NLMSG_HDRLEN + INET_DIAG_MSG_LEN)
    throw malformed(`unexpected lookup answer of type ${type}`);
  const state = linuxTcpState(bytes[NLMSG_HDRLEN + MSG_STATE]);
  if (state === undefined) throw malformed(`lookup answer has unknown TCP state ${bytes[NLMSG_HDRLEN + MSG_STATE]}`);
  return state;
}

/**
 * Decodes every netlink message in bytes[0, length): a recv() chunk or several concatenated.
 * Calls `onSocket` once per socket with a record that is reused for the next socket (and the
 * offset of its inet_diag_msg, for `socketIdAt`), and returns how many NLMSG_DONE messages it
 * saw (one per finished dump). Throws a one-line Error naming the offset of anything
 * malformed; sockets before it have been reported.
 */
export function decodeInetDiag(
  bytes: Uint8Array,
  length: number,
  onSocket: (record: SocketRecord, messageAt: number) => void,
  addresses: AddressTextCache = defaultAddressCache,
): number {
  const record = emptySocketRecord();
  if (length > bytes.length) throw malformed(`chunk length ${length} exceeds its ${bytes.length}-byte buffer`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  let done = 0;
  let off = 0;
  while (off < length) {
    const remaining = length - off;
    if (remaining < NLMSG_HDRLEN) {
      throw malformed(`message header at offset ${off} needs ${NLMSG_HDRLEN} bytes but only ${remaining} remain`);
    }
    const len = view.getUint32(off, true);
    if (len < NLMSG_HDRLEN) throw malformed(`message at offset ${off} claims length ${len}, shorter than its header`);
    if (len > remaining) throw malformed(`message at offset ${off} claims length ${len} but only ${remaining} bytes remain`);
    const type = view.getUint16(off + 4, true);
    const payload = off + NLMSG_HDRLEN;
    const payloadLen = len - NLMSG_HDRLEN;
    switch (type) {
      case SOCK_DIAG_BY_FAMILY:
      case TCPDIAG_GETSOCK:
        if (payloadLen < INET_DIAG_MSG_LEN) {
          throw malformed(
            `message at offset ${off} has ${payloadLen} payload bytes, too few for inet_diag_msg (${INET_DIAG_MSG_LEN})`,
          );
        }
        decodeSocket(view, bytes, payload, payloadLen, off, addresses, record);
        onSocket(record, payload);
        break;
      case NLMSG_DONE: {
        // The payload is an int: negative errno if the dump stopped on an error.
        const status = payloadLen >= 4 ? view.getInt32(payload, true) : 0;
        if (status < 0) throw new NetlinkReplyError(-status, 'dump ended with an error');
        done++;
        break;
      }
      case NLMSG_ERROR: {
        if (payloadLen < 4) throw malformed(`error message at offset ${off} has no error code`);
        const error = view.getInt32(payload, true);
        // error 0 is an acknowledgement, not a failure.
        if (error !== 0) throw new NetlinkReplyError(-error, 'kernel refused the request');
        break;
      }
      case NLMSG_NOOP:
        break;
      case NLMSG_OVERRUN:
        throw malformed(`kernel reported a buffer overrun (message at offset ${off})`);
      default:
        throw malformed(`message at offset ${off} has unexpected type ${type}`);
    }
    // Messages are 4-byte aligned; the padding of the last one may be absent.
    off += Math.min((len + 3) & ~3, remaining);
  }
  return done;
}

function decodeSocket(
  view: DataView,
  bytes: Uint8Array,
  msg: number,
  msgLen: number,
  headerOffset: number,
  addresses: AddressTextCache,
  r: SocketRecord,
): void {
  const state = linuxTcpState(bytes[msg + MSG_STATE]);
  if (state === undefined) throw malformed(`message at offset ${headerOffset} has unknown TCP state ${bytes[msg + MSG_STATE]}`);
  r.state = state;
  r.localPort = view.getUint16(msg + MSG_SPORT, false);
  r.remotePort = view.getUint16(msg + MSG_DPORT, false);
  r.inode = view.getUint32(msg + MSG_INODE, true);
  r.uid = view.getUint32(msg + MSG_UID, true);
  r.cookie = view.getUint32(msg + MSG_COOKIE, true) + view.getUint32(msg + MSG_COOKIE + 4, true) * TWO_TO_32;
  r.localScopeId = undefined;
  r.remoteScopeId = undefined;

  const family = bytes[msg + MSG_FAMILY];
  if (family === AF_INET) {
    r.family = 'ipv4';
    r.localAddress = addresses.ipv4(view.getUint32(msg + MSG_SRC, false));
    r.remoteAddress = addresses.ipv4(view.getUint32(msg + MSG_DST, false));
  } else if (family === AF_INET6) {
    const s0 = view.getUint32(msg + MSG_SRC, false);
    const d0 = view.getUint32(msg + MSG_DST, false);
    r.family = 'ipv6';
    r.localAddress = addresses.ipv6(
      s0,
      view.getUint32(msg + MSG_SRC + 4, false),
      view.getUint32(msg + MSG_SRC + 8, false),
      view.getUint32(msg + MSG_SRC + 12, false),
    );
    r.remoteAddress = addresses.ipv6(
      d0,
      view.getUint32(msg + MSG_DST + 4, false),
      view.getUint32(msg + MSG_DST + 8, false),
      view.getUint32(msg + MSG_DST + 12, false),
    );
    // idiag_if is the bound interface: what makes a link-local address usable (fe80::1%eth0).
    const ifIndex = view.getUint32(msg + MSG_IF, true);
    if (ifIndex !== 0 && isLinkLocalIPv6(s0)) r.localScopeId = ifIndex;
    if (ifIndex !== 0 && isLinkLocalIPv6(d0)) r.remoteScopeId = ifIndex;
  } else {
    throw malformed(`message at offset ${headerOffset} has unexpected address family ${family}`);
  }

  r.bytesSent = null;
  r.bytesReceived = null;
  r.rttMs = null;
  const attrsEnd = msg + msgLen;
  for (let a = msg + INET_DIAG_MSG_LEN; a < attrsEnd;) {
    const left = attrsEnd - a;
    if (left < RTA_HDRLEN) throw malformed(`attribute at offset ${a} needs ${RTA_HDRLEN} bytes but only ${left} remain`);
    const rtaLen = view.getUint16(a, true);
    if (rtaLen < RTA_HDRLEN || rtaLen > left) {
      throw malformed(`attribute at offset ${a} claims length ${rtaLen} but only ${left} bytes remain`);
    }
    if (view.getUint16(a + 2, true) === INET_DIAG_INFO) {
      const info = a + RTA_HDRLEN;
      const infoLen = rtaLen - RTA_HDRLEN;
      // A listener has no peer, so no round trip; the kernel reports 0 there.
      if (infoLen >= TCPI_RTT + 4 && state !== 'LISTEN') r.rttMs = view.getUint32(info + TCPI_RTT, true) / 1000;
      // Bytes sent where the kernel counts them (4.19+); on older kernels the acknowledged ones are the best there is.
      if (infoLen >= TCPI_BYTES_SENT + 8) r.bytesSent = readU64(view, info + TCPI_BYTES_SENT);
      else if (infoLen >= TCPI_BYTES_ACKED + 8) r.bytesSent = readU64(view, info + TCPI_BYTES_ACKED);
      if (infoLen >= TCPI_BYTES_RECEIVED + 8) r.bytesReceived = readU64(view, info + TCPI_BYTES_RECEIVED);
    }
    a += (rtaLen + 3) & ~3;
  }
}

function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * TWO_TO_32;
}
