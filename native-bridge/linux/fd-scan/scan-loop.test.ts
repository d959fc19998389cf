import { describe, expect, it } from 'vitest';
import type { FdCalls } from '../libc';
import { scanProcFds } from './scan-loop';
import { SCAN_LAYOUT, createScanState } from './scan-state';

/** One fake process: fd number → socket inode, or null for a non-socket fd. */
interface FakeProc {
  fds: Map<number, number | null>;
  /** What stat of /proc/PID/fd reports in st_size; default: the real count. */
  count?: number;
}

const PROC_SUPER_MAGIC = 0x9fa0;
const ROOT_FD = 3;

/**
 * A fake procfs behind FdCalls: statx on "" (AT_EMPTY_PATH) gives the fd count, statx on
 * an fd name gives its type and inode, getdents64 lists the table. `onStatx` runs before
 * each statx of an fd, to change the processes mid-scan.
 */
function fakeProc(procs: Map<number, FakeProc>, opts: { magic?: number; onStatx?: (pid: number, fd: number) => void } = {}) {
  const dirs = new Map<number, { pid: number; pos: number }>();
  let nextFd = 10;
  const stats = { getdents: new Map<number, number>(), probes: new Map<number, number>(), open: 0 };
  const text = (b: Uint8Array): string => {
    let s = '';
    for (let i = 0; b[i] !== 0; i++) s += String.fromCharCode(b[i]);
    return s;
  };
  const put32 = (b: Uint8Array, at: number, v: number): void => {
    new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);
  };
  const calls: FdCalls = {
    openDirectory(dirfd, p) {
      const m = /^(\d+)\/fd$/.exec(text(p));
      if (dirfd !== ROOT_FD || !m || !procs.has(Number(m[1]))) return -1;
      dirs.set(nextFd, { pid: Number(m[1]), pos: 0 });
      stats.open++;
      return nextFd++;
    },
    close(fd) {
      if (dirs.delete(fd)) stats.open--;
      return 0;
    },
    getdents64(fd, buf, len) {
      const dir = dirs.get(fd);
      if (!dir) return -1;
      const proc = procs.get(dir.pid);
      if (!proc) return 0;
      if (dir.pos === 0) stats.getdents.set(dir.pid, (stats.getdents.get(dir.pid) ?? 0) + 1);
      const names = ['.', '..', ...[...proc.fds.keys()].map(String)];
      let off = 0;
      for (; dir.pos < names.length; dir.pos++) {
        const name = names[dir.pos];
        const reclen = (19 + name.length + 1 + 7) & ~7;
        if (off + reclen > len) break;
        buf.fill(0, off, off + reclen);
        buf[off + 16] = reclen & 0xff;
        buf[off + 17] = reclen >> 8;
        for (let i = 0; i < name.length; i++) buf[off + 19 + i] = name.charCodeAt(i);
        off += reclen;
      }
      return off;
    },
    statx(dirfd, p, flags, _mask, buf) {
      const dir = dirs.get(dirfd);
      if (!dir) return -1;
      if (flags & 0x1000) {
        const proc = procs.get(dir.pid);
        if (!proc) return -1;
        buf.fill(0, 0, 256);
        put32(buf, 40, proc.count ?? proc.fds.size);
        return 0;
      }
      const fd = Number(text(p));
      opts.onStatx?.(dir.pid, fd);
      stats.probes.set(dir.pid, (stats.probes.get(dir.pid) ?? 0) + 1);
      const proc = procs.get(dir.pid);
      if (!proc || !proc.fds.has(fd)) return -1;
      const inode = proc.fds.get(fd) ?? null;
      buf.fill(0, 0, 256);
      buf[28] = 0;
      buf[29] = inode === null ? 0o100000 >> 8 : 0o140000 >> 8;
      put32(buf, 32, inode ?? 999);
      return 0;
    },
    readlinkat: () => -1,
    fstatfs(fd, buf) {
      if (fd !== ROOT_FD) return -1;
      buf.fill(0, 0, 16);
      put32(buf, 0, opts.magic ?? PROC_SUPER_MAGIC);
      return 0;
    },
  };
  return { calls, stats };
}

/** A process with fds 0..n-1: every `socketEvery`-th one a socket (inode = pid * 100000 + fd). */
function dense(pid: number, n: number, socketEvery = 2): FakeProc {
  const fds = new Map<number, number | null>();
  for (let fd = 0; fd < n; fd++) fds.set(fd, fd % socketEvery === 0 ? pid * 100000 + fd : null);
  return { fds };
}

function expected(procs: Map<number, FakeProc>): string[] {
  const out: string[] = [];
  for (const [pid, p] of procs) for (const inode of p.fds.values()) if (inode !== null) out.push(`${inode}:${pid}`);
  return out.sort();
}

/** The loop as the worker gets it: rebuilt from its source text, away from its module. */
const fromSource = new Function(`return (${scanProcFds.toString()});`)() as typeof scanProcFds;

function scan(loop: typeof scanProcFds, calls: FdCalls, pids: number[], shared = false): string[] {
  const found: string[] = [];
  loop(SCAN_LAYOUT, calls, createScanState(pids, shared, shared ? 1 << 16 : 0), ROOT_FD, (inode, pid) => {
    found.push(`${inode}:${pid}`);
    return false;
  });
  return found.sort();
}

describe.each([
  ['scanProcFds', scanProcFds],
  ['scanProcFds run from its source text', fromSource],
])('%s', (_, loop) => {
  it('probes a big table by fd number instead of listing it, and lists small ones', () => {
    const procs = new Map([
      [100, dense(100, 3000)],
      [200, dense(200, 40)],
    ]);
    const { calls, stats } = fakeProc(procs);
    expect(scan(loop, calls, [100, 200])).toEqual(expected(procs));
    expect(stats.getdents.get(100)).toBeUndefined();
    expect(stats.getdents.get(200)).toBe(1);
    expect(stats.probes.get(100)).toBeLessThanOrEqual(3000 + 2 * 256);
    expect(stats.open).toBe(0);
  });

  it('lists every table where the kernel reports no fd count (before 6.2) or the root is not procfs', () => {
    for (const opts of [{ magic: 0x01021994 }, {}]) {
      const procs = new Map([[100, { ...dense(100, 3000), count: opts.magic ? undefined : 0 }]]);
      const { calls, stats } = fakeProc(procs, opts);
      expect(scan(loop, calls, [100])).toEqual(expected(procs));
      expect(stats.getdents.get(100)).toBe(1);
    }
  });

  it('finds fds of a sparse table above the probing bound by listing, each once', () => {
    const p = dense(100, 800);
    for (let fd = 5000; fd < 5100; fd++) p.fds.set(fd, 100 * 100000 + fd);
    const procs = new Map([[100, p]]);
    const { calls, stats } = fakeProc(procs);
    expect(scan(loop, calls, [100])).toEqual(expected(procs));
    expect(stats.getdents.get(100)).toBe(1);
  });

  it('copes with a count that shrank (fds closed meanwhile)', () => {
    const procs = new Map([[100, { ...dense(100, 1000), count: 1400 }]]);
    const { calls } = fakeProc(procs);
    expect(scan(loop, calls, [100])).toEqual(expected(procs));
  });

  it('probes a chunk past the count, for fds opened since it was taken', () => {
    // The count (2000) misses one fd opened meanwhile: the last fd lies past the first 2000 open ones.
    const procs = new Map([[100, { ...dense(100, 2001, 1), count: 2000 }]]);
    const { calls } = fakeProc(procs);
    expect(scan(loop, calls, [100])).toEqual(expected(procs));
  });

  it('moves on when a process exits mid-scan', () => {
    const procs = new Map([
      [100, dense(100, 3000)],
      [200, dense(200, 10)],
    ]);
    const { calls, stats } = fakeProc(procs, {
      onStatx: (pid, fd) => {
        if (pid === 100 && fd === 700) procs.delete(100);
      },
    });
    const found = scan(loop, calls, [100, 200]);
    expect(found.filter((f) => f.endsWith(':200'))).toEqual(expected(new Map([[200, dense(200, 10)]])));
    expect(found.filter((f) => f.endsWith(':100')).length).toBe(350);
    expect(stats.open).toBe(0);
  });

  it('stops when the visitor says so', () => {
    const { calls } = fakeProc(new Map([[100, dense(100, 3000)]]));
    let visits = 0;
    loop(SCAN_LAYOUT, calls, createScanState([100], false, 0), ROOT_FD, () => ++visits === 5);
    expect(visits).toBe(5);
  });

  it('shares a probed table between two scanners, each fd visited once', () => {
    const procs = new Map([
      [100, dense(100, 5000)],
      [200, dense(200, 3000, 3)],
      [300, dense(300, 20)],
    ]);
    const { calls } = fakeProc(procs);
    const state = createScanState([100, 200, 300], true, 1 << 16);
    const found: string[] = [];
    let helperRan = false;
    loop(SCAN_LAYOUT, calls, state, ROOT_FD, (inode, pid) => {
      found.push(`${inode}:${pid}`);
      if (!helperRan && pid === 100 && found.length === 100) {
        helperRan = true; // a second scanner joins mid-table, from source text as in the worker
        fromSource(SCAN_LAYOUT, calls, state, ROOT_FD, (i, p) => {
          found.push(`${i}:${p}`);
          return false;
        });
      }
      return false;
    });
    expect(helperRan).toBe(true);
    expect(found.length).toBe(new Set(found).size);
    expect(found.sort()).toEqual(expected(procs));
  });
});
