/**
 * Finds which process holds which socket by reading /proc/PID/fd: the costly half of owner
 * lookup, one syscall per open fd of every process.
 *
 * What measured fastest at 40 000 sockets (2 cores):
 *  - openat(/proc/PID/fd) once, then getdents64 + statx relative to that directory fd, with
 *    byte buffers reused for every call: no path walk from / per fd, no JS string per fd.
 *    statx follows the fd's magic link to the socket and gives its inode directly:
 *    ~3.1 µs per fd, against ~3.6 µs for readlinkat (kept as the fallback for glibc < 2.28)
 *    and ~5.5 µs for fs.readdirSync + fs.readlinkSync;
 *  - a full scan split between this thread and one worker thread: 155 ms → 75-105 ms
 *    (the kernel side does not scale perfectly), started while this thread is still busy
 *    fetching the socket table (see SocketOwners.beginPoll).
 *
 * `scanProcFds` is the one scan loop, run by both threads over a shared work queue. It and
 * `bindFdCalls` are self-contained (no outer references) because the worker runs their
 * source text (`Function.prototype.toString`): a bundler cannot give a worker a second
 * entry file here without build configuration.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Called per socket fd found; return true to stop the scan (everything wanted was found). */
export type SocketVisitor = (inode: number, pid: number) => boolean;

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
interface KoffiLike {
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

/**
 * Shared scan state, an Int32Array (over a SharedArrayBuffer when two threads scan):
 * header, then the pids to scan, then job records, then the "spill" of fd numbers that a
 * big process's scanner hands out in chunks so that the other thread can help with it.
 * Header slots (scanProcFds, being self-contained, repeats these numbers):
 * 0 next pid to claim, 1 pid count, 2 job count, 3 spill used, 4 stop flag,
 * 5 threads listing an fd table, 6 where jobs start, 7 where the spill starts, 8 its capacity.
 */
const H_PID_COUNT = 1;
const H_JOBS_AT = 6;
const H_SPILL_AT = 7;
const H_SPILL_CAP = 8;
const HEADER = 16;
const MAX_JOBS = 1024;
const JOB_INTS = 8; // pid, kind, end, cursor, ready, hits, target, tail (see scanProcFds)

/** Lays out a scan of `pids`; `spillCapacity` = how many fds of big processes can be shared. */
export function createScanState(pids: readonly number[], shared: boolean, spillCapacity: number): Int32Array {
  const jobsAt = HEADER + pids.length;
  const spillAt = jobsAt + MAX_JOBS * JOB_INTS;
  const ints = spillAt + spillCapacity;
  const state = new Int32Array(shared ? new SharedArrayBuffer(ints * 4) : new ArrayBuffer(ints * 4));
  state[H_PID_COUNT] = pids.length;
  state[H_JOBS_AT] = jobsAt;
  state[H_SPILL_AT] = spillAt;
  state[H_SPILL_CAP] = spillCapacity;
  state.set(pids, HEADER);
  return state;
}

/**
 * Scans fd tables of the pids in `state` until they are all done or a visitor says stop.
 * Any number of threads may run this on one shared state: each claims whole pids; a pid
 * with many fds is shared out in chunks that whoever is free resolves.
 *
 * A big process's fds are not listed but probed: since Linux 6.2, stat of /proc/PID/fd
 * gives the number of open fds in st_size, and fds are allocated lowest-first, so statx on
 * 0, 1, 2, … finds them all with no getdents64 (~1 µs per fd saved), and both threads can
 * start on the process at once (a range needs no listing first). Probing stops one chunk
 * after that many open fds were seen (slack for fds opened meanwhile); if the table turns
 * out sparse (or shrank), it stops at 1.5 × count + 64 and lists the rest with getdents64.
 * Kernels before 6.2 (st_size 0), small processes and anything not procfs are listed.
 * Self-contained: also runs in the worker from its source text.
 */
export function scanProcFds(c: FdCalls, state: Int32Array, procRootFd: number, visit: SocketVisitor): void {
  const PID_CURSOR = 0, PID_COUNT = 1, JOB_COUNT = 2, SPILL_TOP = 3, STOP = 4, LISTING = 5, JOBS_AT = 6, SPILL_AT = 7, SPILL_CAP = 8;
  const HEADER_INTS = 16, MAX_JOB_COUNT = 1024, JOB_SIZE = 8;
  // Job fields: pid, kind, end, cursor, ready (1 when the rest is visible to other threads);
  // a spill job resolves spill[cursor..end); a range job probes fd numbers cursor.. below
  // end (its fallback bound), counting open fds seen into hits until they reach target,
  // after which probing ends at tail (0 until then).
  const J_PID = 0, J_KIND = 1, J_END = 2, J_CURSOR = 3, J_READY = 4, J_HITS = 5, J_TARGET = 6, J_TAIL = 7;
  const KIND_SPILL = 0, KIND_RANGE = 1;
  const SPLIT_ABOVE = 2048; // fds: below this, sharing a listed table is not worth it
  const PROBE_FROM = 512; // open fds: below this, one getdents64 call lists a table cheaper
  const CHUNK = 256;
  const O_DIRECTORY_CLOEXEC = 0o200000 | 0o2000000;
  const AT_EMPTY_PATH = 0x1000;
  const STATX_TYPE_INO = 0x1 | 0x100, STATX_SIZE = 0x200;
  const S_IFMT = 0o170000, S_IFSOCK = 0o140000;
  const PROC_SUPER_MAGIC = 0x9fa0;

  const dirents = new Uint8Array(64 * 1024);
  const name = new Uint8Array(32);
  const out = new Uint8Array(256);
  const empty = new Uint8Array(1);
  const ownJob = new Int32Array(JOB_SIZE); // a range job kept to this thread (no free slot)
  let fds = new Int32Array(1024);

  // Only a real procfs reports fd counts (a fake /proc's directory size means nothing).
  const canProbe = c.fstatfs !== undefined && c.fstatfs(procRootFd, out) === 0 && (out[0] | (out[1] << 8)) === PROC_SUPER_MAGIC && out[2] === 0 && out[3] === 0;

  const ascii = (s: string, into: Uint8Array): Uint8Array => {
    for (let i = 0; i < s.length; i++) into[i] = s.charCodeAt(i);
    into[s.length] = 0;
    return into;
  };
  const pathBuf = new Uint8Array(32);
  const openFdDir = (pid: number): number => c.openat(procRootFd, ascii(`${pid}/fd`, pathBuf), O_DIRECTORY_CLOEXEC);

  /** Number of open fds st_size reports for an fd directory (0 before Linux 6.2). */
  const openCount = (dirFd: number): number => {
    if (!canProbe || !c.statx || c.statx(dirFd, empty, AT_EMPTY_PATH, STATX_SIZE, out) !== 0) return 0;
    if (out[44] | out[45] | out[46] | out[47]) return 0; // absurd
    return (out[40] | (out[41] << 8) | (out[42] << 16)) + out[43] * 0x1000000;
  };

  /** Socket inode behind fd, -1 for an fd that is not a socket, -2 for no fd (not open, or closed meanwhile). */
  const socketInode = (dirFd: number, fd: number): number => {
    ascii(String(fd), name);
    // statx follows the magic link to the socket itself. It fails only for an fd not open,
    // or for a plain symlink (a fake /proc in tests): then read the link text.
    if (c.statx && c.statx(dirFd, name, 0, STATX_TYPE_INO, out) === 0) {
      if (((out[28] | (out[29] << 8)) & S_IFMT) !== S_IFSOCK) return -1;
      return (out[32] | (out[33] << 8) | (out[34] << 16)) + out[35] * 0x1000000; // stx_ino, low 32 bits
    }
    if (canProbe && c.statx) return -2; // real procfs: no such fd
    const len = c.readlinkat(dirFd, name, out, 64);
    if (len < 0) return -2;
    // "socket:[INODE]"
    if (len < 10 || out[0] !== 0x73 || out[6] !== 0x3a || out[7] !== 0x5b || out[len - 1] !== 0x5d) return -1;
    let inode = 0;
    for (let i = 8; i < len - 1; i++) {
      const digit = out[i] - 0x30;
      if (digit < 0 || digit > 9) return -1;
      inode = inode * 10 + digit;
    }
    return inode;
  };

  const stopped = (): boolean => Atomics.load(state, STOP) !== 0;
  const found = (inode: number, pid: number): boolean => {
    if (inode >= 0 && visit(inode, pid)) {
      Atomics.store(state, STOP, 1);
      return true;
    }
    return false;
  };
  const resolve = (dirFd: number, pid: number, fd: number): boolean => found(socketInode(dirFd, fd), pid);

  /** Lists one fd table into `fds`; returns the count (0 if the process is gone or hidden). */
  const list = (dirFd: number): number => {
    let n = 0;
    for (;;) {
      const got = c.getdents64(dirFd, dirents, dirents.length);
      if (got <= 0) return n;
      for (let off = 0; off < got; ) {
        const reclen = dirents[off + 16] | (dirents[off + 17] << 8);
        let at = off + 19; // d_name
        off += reclen;
        if (dirents[at] === 0x2e) continue; // "." and ".."
        let fd = 0;
        while (dirents[at] !== 0) fd = fd * 10 + (dirents[at++] - 0x30);
        if (n === fds.length) {
          const bigger = new Int32Array(n * 2);
          bigger.set(fds);
          fds = bigger;
        }
        fds[n++] = fd;
      }
    }
  };

  /** Probes chunks of a range job (in `jobs` at `job`) until it is done. */
  const probe = (jobs: Int32Array, job: number, dirFd: number): void => {
    const pid = jobs[job + J_PID], end = jobs[job + J_END];
    for (;;) {
      if (stopped()) return;
      let tail = Atomics.load(jobs, job + J_TAIL);
      if (tail === 0 && Atomics.load(jobs, job + J_HITS) >= jobs[job + J_TARGET]) {
        // All the open fds counted were seen: one more chunk, for fds opened meanwhile.
        Atomics.compareExchange(jobs, job + J_TAIL, 0, Atomics.load(jobs, job + J_CURSOR) + 1);
        tail = Atomics.load(jobs, job + J_TAIL);
      }
      const from = Atomics.add(jobs, job + J_CURSOR, CHUNK);
      if (tail !== 0 && from >= tail) return;
      if (from >= end) {
        // Still short of the count this far up: a sparse table, or fds closed meanwhile.
        // Whoever claims the first chunk past the bound lists the table for the fds above it.
        if (from === end) {
          const n = list(dirFd);
          for (let i = 0; i < n; i++) if (fds[i] >= end && resolve(dirFd, pid, fds[i])) return;
        }
        return;
      }
      let hits = 0;
      for (let fd = from; fd < from + CHUNK; fd++) {
        const inode = socketInode(dirFd, fd);
        if (inode === -2) continue;
        hits++;
        if (found(inode, pid)) return;
      }
      Atomics.add(jobs, job + J_HITS, hits);
    }
  };

  /** Resolves chunks of a published job until none is left. */
  const drain = (job: number, dirFd: number): void => {
    if (state[job + J_KIND] === KIND_RANGE) return probe(state, job, dirFd);
    const pid = state[job + J_PID], end = state[job + J_END], spillAt = state[SPILL_AT];
    for (;;) {
      const from = Atomics.add(state, job + J_CURSOR, CHUNK);
      if (from >= end || stopped()) return;
      const to = Math.min(from + CHUNK, end);
      for (let i = from; i < to; i++) if (resolve(dirFd, pid, state[spillAt + i])) return;
    }
  };

  /** Whether a published job may still have work for another thread. */
  const hasWork = (job: number): boolean => {
    if (Atomics.load(state, job + J_READY) !== 1) return false;
    const cursor = Atomics.load(state, job + J_CURSOR);
    if (cursor >= state[job + J_END]) return false;
    const tail = state[job + J_KIND] === KIND_RANGE ? Atomics.load(state, job + J_TAIL) : 0;
    return tail === 0 || cursor < tail;
  };

  const scanPid = (pid: number): void => {
    const dirFd = openFdDir(pid);
    if (dirFd < 0) return; // exited, or not ours to look at
    try {
      const count = openCount(dirFd);
      if (count >= PROBE_FROM) {
        const end = Math.ceil((count * 1.5 + 64) / CHUNK) * CHUNK;
        const slot = Atomics.add(state, JOB_COUNT, 1);
        const shared = slot < MAX_JOB_COUNT;
        const jobs = shared ? state : ownJob;
        const job = shared ? state[JOBS_AT] + slot * JOB_SIZE : 0;
        jobs[job + J_PID] = pid;
        jobs[job + J_KIND] = KIND_RANGE;
        jobs[job + J_END] = end;
        jobs[job + J_CURSOR] = 0;
        jobs[job + J_HITS] = 0;
        jobs[job + J_TARGET] = count;
        jobs[job + J_TAIL] = 0;
        Atomics.store(jobs, job + J_READY, 1); // fields above are visible to the other thread
        probe(jobs, job, dirFd);
        return;
      }
      Atomics.add(state, LISTING, 1);
      let n: number;
      try {
        n = list(dirFd);
        if (n > SPLIT_ABOVE) {
          const start = Atomics.add(state, SPILL_TOP, n);
          const slot = start + n <= state[SPILL_CAP] ? Atomics.add(state, JOB_COUNT, 1) : MAX_JOB_COUNT;
          if (slot < MAX_JOB_COUNT) {
            const job = state[JOBS_AT] + slot * JOB_SIZE;
            state.set(fds.subarray(0, n), state[SPILL_AT] + start);
            state[job + J_PID] = pid;
            state[job + J_KIND] = KIND_SPILL;
            state[job + J_END] = start + n;
            state[job + J_CURSOR] = start;
            Atomics.store(state, job + J_READY, 1); // ready: fields above are visible to the other thread
            n = -1;
            drain(job, dirFd);
          }
        }
      } finally {
        Atomics.sub(state, LISTING, 1);
        Atomics.notify(state, LISTING);
      }
      for (let i = 0; i < n; i++) if (resolve(dirFd, pid, fds[i])) return;
    } finally {
      c.close(dirFd);
    }
  };

  // Whole pids first…
  for (;;) {
    if (stopped()) return;
    const i = Atomics.add(state, PID_CURSOR, 1);
    if (i >= state[PID_COUNT]) break;
    scanPid(state[HEADER_INTS + i]);
  }
  // …then help with big processes until no job has work left and nobody is still listing.
  for (;;) {
    let helped = false;
    const jobs = Math.min(Atomics.load(state, JOB_COUNT), MAX_JOB_COUNT);
    for (let j = 0; j < jobs && !stopped(); j++) {
      const job = state[JOBS_AT] + j * JOB_SIZE;
      if (!hasWork(job)) continue;
      const dirFd = openFdDir(state[job + J_PID]);
      if (dirFd < 0) continue;
      helped = true;
      drain(job, dirFd);
      c.close(dirFd);
    }
    if (stopped()) return;
    const listing = Atomics.load(state, LISTING);
    if (!helped && listing === 0) return;
    if (!helped) Atomics.wait(state, LISTING, listing, 1);
  }
}

/**
 * The worker's (inode, pid) pairs, shared as it finds them, so that the scanning thread can
 * take them in between its own fds rather than all at the end (a message would also wait for
 * a turn of its event loop). Int32 slots: 0 = ints published, 1 = done (1: all pairs are in
 * the channel, 2: more come with the reply), then the pairs.
 */
const CHANNEL_PUBLISHED = 0;
const CHANNEL_DONE = 1;
const CHANNEL_HEADER = 2;
/** Pairs the channel holds (2 MB); a worker that finds more sends the rest with its reply. */
const CHANNEL_PAIRS = 1 << 18;
/** How long the scanning thread blocks for the worker's last pairs before awaiting its reply instead. */
const CHANNEL_WAIT_MS = 1000;

/** Worker body: binds libc, then runs `scanProcFds` for every state it is sent, publishing (inode, pid) pairs. */
function workerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const bindFdCalls = (${bindFdCalls.toString()});
const scanProcFds = (${scanProcFds.toString()});
const calls = bindFdCalls(require(workerData.koffiPath));
parentPort.on('message', ({ id, state, procRootFd, channel }) => {
  const data = new Uint32Array(channel.buffer), end = channel.length;
  let at = ${CHANNEL_HEADER}, rest = new Uint32Array(0), n = 0;
  scanProcFds(calls, state, procRootFd, (inode, pid) => {
    if (at + 2 <= end) {
      data[at++] = inode; data[at++] = pid;
      if ((at & 255) === 0) Atomics.store(channel, ${CHANNEL_PUBLISHED}, at - ${CHANNEL_HEADER});
    } else {
      if (n === rest.length) { const b = new Uint32Array(Math.max(8192, n * 2)); b.set(rest); rest = b; }
      rest[n++] = inode; rest[n++] = pid;
    }
    return false;
  });
  Atomics.store(channel, ${CHANNEL_PUBLISHED}, at - ${CHANNEL_HEADER});
  Atomics.store(channel, ${CHANNEL_DONE}, n === 0 ? 1 : 2);
  Atomics.notify(channel, ${CHANNEL_DONE});
  const found = rest.slice(0, n);
  parentPort.postMessage({ id, found }, [found.buffer]);
});`;
}

/**
 * One scan worker per process, shared by every scanner in it and ended with the last one:
 * a process needs no more than one helper thread, and a source created later (after a
 * failure, or a second window) finds it already started (~20 ms saved).
 */
class ScanWorker {
  private static current: ScanWorker | null = null;
  private readonly worker: Worker;
  private readonly pending = new Map<number, (found: Uint32Array | null) => void>();
  private users = 0;
  private nextId = 1;
  private alive = true;

  static acquire(koffiPath: string): ScanWorker {
    const w = ScanWorker.current?.alive ? ScanWorker.current : (ScanWorker.current = new ScanWorker(koffiPath));
    w.users++;
    return w;
  }

  private constructor(koffiPath: string) {
    this.worker = new Worker(workerSource(), { eval: true, workerData: { koffiPath } });
    this.worker.unref(); // never keeps the process alive
    this.worker.on('message', ({ id, found }: { id: number; found: Uint32Array }) => this.settle(id, found));
    this.worker.on('error', () => this.end());
    this.worker.on('exit', () => this.end());
  }

  get usable(): boolean {
    return this.alive;
  }

  /**
   * Starts a scan of `state`, publishing pairs into `channel`; resolves with the pairs that did
   * not fit there, or null if the worker died.
   */
  scan(state: Int32Array, procRootFd: number, channel: Int32Array): Promise<Uint32Array | null> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ id, state, procRootFd, channel });
    });
  }

  release(): void {
    if (--this.users === 0) this.end();
  }

  private settle(id: number, found: Uint32Array | null): void {
    this.pending.get(id)?.(found);
    this.pending.delete(id);
  }

  private end(): void {
    if (!this.alive) return;
    this.alive = false;
    if (ScanWorker.current === this) ScanWorker.current = null;
    for (const id of [...this.pending.keys()]) this.settle(id, null);
    void this.worker.terminate();
  }
}

const O_RDONLY_DIRECTORY_CLOEXEC = 0o200000 | 0o2000000;
const AT_FDCWD = -100;
/** fds of big processes that can be shared out per scan (4 bytes each). */
const SPILL_CAPACITY = 1 << 20;

/** A scan running on the worker thread, which this thread joins with `finish`. */
export interface SharedScan {
  /** Scans alongside the worker until all pids are done, then visits everything found (no early stop). */
  finish(visit: SocketVisitor): Promise<void>;
}

export interface FdScanner {
  /** Visits socket fds of `pids`, in order, on this thread, until `visit` says stop. */
  scanHere(pids: readonly number[], visit: SocketVisitor): void;
  /** Starts a scan of `pids` on a worker thread now; null where there is no worker. */
  startShared(pids: readonly number[]): SharedScan | null;
  close(): void;
}

/** The koffi scanner, with the worker thread for big scans. */
export class KoffiFdScanner implements FdScanner {
  private readonly calls: FdCalls;
  private readonly rootFd: number;
  private worker: ScanWorker | null;

  constructor(
    koffi: KoffiLike,
    koffiPath: string | null,
    procRoot: string,
    /** Pairs the worker can share while scanning; the rest come with its reply (small in tests, to cover that). */
    private readonly channelPairs = CHANNEL_PAIRS,
  ) {
    this.calls = bindFdCalls(koffi);
    this.rootFd = this.calls.openat(AT_FDCWD, new TextEncoder().encode(`${procRoot}\0`), O_RDONLY_DIRECTORY_CLOEXEC);
    if (this.rootFd < 0) throw new Error(`cannot open ${procRoot}`);
    // Started now, so that its start-up (~20 ms, on its own thread) is over by the first big scan.
    this.worker = koffiPath === null ? null : ScanWorker.acquire(koffiPath);
  }

  scanHere(pids: readonly number[], visit: SocketVisitor): void {
    scanProcFds(this.calls, createScanState(pids, false, 0), this.rootFd, visit);
  }

  startShared(pids: readonly number[]): SharedScan | null {
    if (!this.worker?.usable) return null;
    const state = createScanState(pids, true, SPILL_CAPACITY);
    const channel = new Int32Array(new SharedArrayBuffer((CHANNEL_HEADER + 2 * this.channelPairs) * 4));
    const fromWorker = this.worker.scan(state, this.rootFd, channel);
    return {
      finish: async (visit) => {
        const data = new Uint32Array(channel.buffer);
        let taken = 0;
        const takeWorkerPairs = (): void => {
          const published = CHANNEL_HEADER + Atomics.load(channel, CHANNEL_PUBLISHED);
          for (let at = CHANNEL_HEADER + taken; at < published; at += 2) visit(data[at], data[at + 1]);
          taken = published - CHANNEL_HEADER;
        };
        let visits = 0;
        scanProcFds(this.calls, state, this.rootFd, (inode, pid) => {
          visit(inode, pid);
          if ((++visits & 255) === 0) takeWorkerPairs();
          return false; // the worker's share is still unknown: no early stop
        });
        // The worker ends with its last chunk: wait for it here, taking its pairs meanwhile.
        const deadline = performance.now() + CHANNEL_WAIT_MS;
        while (Atomics.load(channel, CHANNEL_DONE) === 0 && performance.now() < deadline) {
          takeWorkerPairs();
          Atomics.wait(channel, CHANNEL_DONE, 0, 2);
        }
        takeWorkerPairs();
        if (Atomics.load(channel, CHANNEL_DONE) === 1) return; // all its pairs were in the channel
        const rest = await fromWorker; // more than the channel held; or the worker is slow, or died
        if (rest === null) {
          this.scanHere(pids, visit); // the worker died mid-scan: redo it all here (visits are idempotent)
          return;
        }
        takeWorkerPairs();
        for (let i = 0; i < rest.length; i += 2) visit(rest[i], rest[i + 1]);
      },
    };
  }

  close(): void {
    this.calls.close(this.rootFd);
    this.worker?.release();
    this.worker = null;
  }
}

/** Same contract through node:fs, one thread, for when koffi is unavailable. */
export class NodeFdScanner implements FdScanner {
  constructor(private readonly procRoot: string) {}

  scanHere(pids: readonly number[], visit: SocketVisitor): void {
    for (const pid of pids) {
      const dir = path.join(this.procRoot, String(pid), 'fd');
      let fds: string[];
      try {
        fds = fs.readdirSync(dir);
      } catch {
        continue; // exited, or not ours to look at
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = fs.readlinkSync(path.join(dir, fd));
        } catch {
          continue; // closed since the listing
        }
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (m && visit(Number(m[1]), pid)) return;
      }
    }
  }

  startShared(): SharedScan | null {
    return null;
  }

  close(): void {}
}

/**
 * The koffi scanner where koffi loads, else the fs one. `worker: false` keeps everything on
 * this thread (tests with a fake /proc, where there is nothing to gain).
 */
export async function createFdScanner(procRoot: string, worker: boolean, channelPairs?: number): Promise<FdScanner> {
  try {
    const koffi = (await import('koffi')).default as unknown as KoffiLike;
    return new KoffiFdScanner(koffi, worker ? koffiLocation() : null, procRoot, channelPairs);
  } catch {
    return new NodeFdScanner(procRoot);
  }
}

/** Where koffi is, for the worker's eval'd code, which has no module location of its own; null if unknown (no worker then). */
function koffiLocation(): string | null {
  try {
    return createRequire(import.meta.url).resolve('koffi');
  } catch {
    return null;
  }
}
