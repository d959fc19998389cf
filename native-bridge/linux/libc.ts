/**
 * The libc calls Sockscope makes on Linux, through koffi: the netlink client's and the fd
 * scanner's (fd-scan/), bound once per thread. Reached only through dynamic imports, so that
 * a machine without koffi's binary still gets the /proc and node:fs fallbacks. Every call
 * returns -1 on failure: read `lastErrno()` right after.
 */
import koffi from 'koffi';

/** The calls an fd scan makes. Paths are NUL-terminated bytes; buffers belong to the caller. */
export interface FdCalls {
  /** openat with O_DIRECTORY | O_CLOEXEC: every fd a scan opens is a directory. */
  openDirectory(dirfd: number, path: Uint8Array): number;
  close(fd: number): number;
  getdents64(fd: number, buf: Uint8Array, len: number): number;
  /** null where libc has no statx (glibc < 2.28). */
  statx: ((dirfd: number, path: Uint8Array, flags: number, mask: number, buf: Uint8Array) => number) | null;
  readlinkat(dirfd: number, path: Uint8Array, buf: Uint8Array, len: number): number;
  /** Absent or failing: fd tables are always listed (getdents64), never probed. */
  fstatfs?(fd: number, buf: Uint8Array): number;
}

export interface Libc extends FdCalls {
  socket(domain: number, type: number, protocol: number): number;
  send(fd: number, buf: Uint8Array, len: number, flags: number): number;
  recv(fd: number, buf: Uint8Array, len: number, flags: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, len: number): number;
  bind(fd: number, address: Uint8Array, len: number): number;
  lastErrno(): number;
}

/** The part of a loaded koffi library that `bindFdCalls` uses. */
export interface NativeLibrary {
  func(signature: string): (...args: unknown[]) => unknown;
}

/** What `koffi.load` is given, here and in the scan worker. */
export const LIBC_SONAME = 'libc.so.6';

/**
 * Binds the fd calls from `lib`. Uses nothing but its parameter: the scan worker runs its
 * source text (fd-scan/scan-worker.ts), so both threads bind from this one list.
 */
export function bindFdCalls(lib: NativeLibrary): FdCalls {
  const O_DIRECTORY_CLOEXEC = 0o200000 | 0o2000000;
  // ssize_t is `long` on every Linux ABI koffi supports.
  const openat = lib.func('int openat(int dirfd, void *path, int flags)');
  const close = lib.func('int close(int fd)');
  const getdents64 = lib.func('long getdents64(int fd, void *buf, size_t len)');
  const readlinkat = lib.func('long readlinkat(int dirfd, void *path, void *buf, size_t len)');
  const fstatfs = lib.func('int fstatfs(int fd, void *buf)');
  let statx: ((...args: unknown[]) => unknown) | null = null;
  try {
    statx = lib.func('int statx(int dirfd, void *path, int flags, unsigned int mask, void *buf)');
  } catch {
    statx = null; // symbol missing: readlinkat it is
  }
  const sx = statx;
  return {
    openDirectory: (d, p) => openat(d, p, O_DIRECTORY_CLOEXEC) as number,
    close: (fd) => close(fd) as number,
    getdents64: (fd, b, n) => Number(getdents64(fd, b, n)),
    statx: sx ? (d, p, f, m, b) => sx(d, p, f, m, b) as number : null,
    readlinkat: (d, p, b, n) => Number(readlinkat(d, p, b, n)),
    fstatfs: (fd, b) => fstatfs(fd, b) as number,
  };
}

let loaded: Libc | undefined;

export function libc(): Libc {
  if (loaded) return loaded;
  const lib = koffi.load(LIBC_SONAME);
  const socket = lib.func('int socket(int domain, int type, int protocol)');
  const send = lib.func('long send(int fd, void *buf, size_t len, int flags)');
  const recv = lib.func('long recv(int fd, void *buf, size_t len, int flags)');
  const setsockopt = lib.func('int setsockopt(int fd, int level, int name, void *value, uint32_t len)');
  const bind = lib.func('int bind(int fd, void *addr, uint32_t len)');
  loaded = {
    ...bindFdCalls(lib),
    socket: (domain, type, protocol) => socket(domain, type, protocol) as number,
    send: (fd, buf, len, flags) => Number(send(fd, buf, len, flags)),
    recv: (fd, buf, len, flags) => Number(recv(fd, buf, len, flags)),
    setsockopt: (fd, level, name, value, len) => setsockopt(fd, level, name, value, len) as number,
    bind: (fd, address, len) => bind(fd, address, len) as number,
    lastErrno: () => koffi.errno(),
  };
  return loaded;
}
