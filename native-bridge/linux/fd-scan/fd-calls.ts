/** The libc calls a scan makes, bound through koffi. */
export interface FdCalls {
  openat(dirfd: number, path: Uint8Array, flags: number): number;
  close(fd: number): number;
  getdents64(fd: number, buf: Uint8Array, len: number): number;
  /** null where libc has no statx (glibc < 2.28). */
  statx: ((dirfd: number, path: Uint8Array, flags: number, mask: number, buf: Uint8Array) => number) | null;
  readlinkat(dirfd: number, path: Uint8Array, buf: Uint8Array, len: number): number;
  /** Absent or failing: fd tables are always listed (getdents64), never probed. */
  fstatfs?(fd: number, buf: Uint8Array): number;
}

/** Minimal view of the koffi module, enough for `bindFdCalls`. */
export interface KoffiLike {
  load(path: string): { func(signature: string): (...args: unknown[]) => unknown };
}

/** Self-contained: also runs in the worker from its source text. */
export function bindFdCalls(koffi: KoffiLike): FdCalls {
  const lib = koffi.load('libc.so.6');
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
    openat: (d, p, f) => openat(d, p, f) as number,
    close: (fd) => close(fd) as number,
    getdents64: (fd, b, n) => Number(getdents64(fd, b, n)),
    statx: sx ? (d, p, f, m, b) => sx(d, p, f, m, b) as number : null,
    readlinkat: (d, p, b, n) => Number(readlinkat(d, p, b, n)),
    fstatfs: (fd, b) => fstatfs(fd, b) as number,
  };
}
