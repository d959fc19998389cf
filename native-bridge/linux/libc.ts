/**
 * The libc calls the netlink client makes, through koffi; loaded on first use so that a
 * machine without koffi's binary still gets the /proc fallback. (The fd scanner binds its
 * own calls: see fd-scan/.) Every call returns -1 on failure: read `lastErrno()` right after.
 */
import koffi from 'koffi';

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  send(fd: number, buf: Uint8Array, len: number, flags: number): number;
  recv(fd: number, buf: Uint8Array, len: number, flags: number): number;
  close(fd: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, len: number): number;
  lastErrno(): number;
}

let loaded: Libc | undefined;

export function libc(): Libc {
  if (loaded) return loaded;
  const lib = koffi.load('libc.so.6');
  // ssize_t is `long` on every Linux ABI koffi supports.
  const socket = lib.func('int socket(int domain, int type, int protocol)');
  const send = lib.func('long send(int fd, void *buf, size_t len, int flags)');
  const recv = lib.func('long recv(int fd, void *buf, size_t len, int flags)');
  const close = lib.func('int close(int fd)');
  const setsockopt = lib.func('int setsockopt(int fd, int level, int name, void *value, uint32_t len)');
  loaded = {
    socket: (domain, type, protocol) => socket(domain, type, protocol) as number,
    send: (fd, buf, len, flags) => Number(send(fd, buf, len, flags)),
    recv: (fd, buf, len, flags) => Number(recv(fd, buf, len, flags)),
    close: (fd) => close(fd) as number,
    setsockopt: (fd, level, name, value, len) => setsockopt(fd, level, name, value, len) as number,
    lastErrno: () => koffi.errno(),
  };
  return loaded;
}
