/**
 * The scan loop, run by both threads over one shared state. The worker runs it from its
 * source text (scan-worker.ts), so this file imports nothing but types and keeps no
 * module-level values (a lint rule holds it to that): the layout comes in as a parameter.
 */
import type { FdCalls } from '../libc';
import type { ScanLayout } from './scan-state';
import type { SocketVisitor } from './types';

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
 */
export function scanProcFds(layout: ScanLayout, c: FdCalls, state: Int32Array, procRootFd: number, visit: SocketVisitor): void {
  // Locals, not property reads, in the loops below.
  const {
    PID_CURSOR,
    PID_COUNT,
    JOB_COUNT,
    SPILL_TOP,
    STOP,
    LISTING,
    JOBS_AT,
    SPILL_AT,
    SPILL_CAP,
    HEADER_INTS,
    MAX_JOBS,
    JOB_INTS,
  } = layout;
  const { J_PID, J_KIND, J_END, J_CURSOR, J_READY, J_HITS, J_TARGET, J_TAIL, KIND_SPILL, KIND_RANGE } = layout;
  const SPLIT_ABOVE = 2048; // fds: below this, sharing a listed table is not worth it
  const PROBE_FROM = 512; // open fds: below this, one getdents64 call lists a table cheaper
  const CHUNK = 256;
  const AT_EMPTY_PATH = 0x1000;
  const STATX_TYPE_INO = 0x1 | 0x100,
    STATX_SIZE = 0x200;
  const S_IFMT = 0o170000,
    S_IFSOCK = 0o140000;
  const PROC_SUPER_MAGIC = 0x9fa0;

  const dirents = new Uint8Array(64 * 1024);
  const name = new Uint8Array(32);
  const out = new Uint8Array(256);
  const empty = new Uint8Array(1);
  const ownJob = new Int32Array(JOB_INTS); // a range job kept to this thread (no free slot)
  let fds = new Int32Array(1024);

  // Only a real procfs reports fd counts (a fake /proc's directory size means nothing).
  const canProbe =
    c.fstatfs !== undefined &&
    c.fstatfs(procRootFd, out) === 0 &&
    (out[0] | (out[1] << 8)) === PROC_SUPER_MAGIC &&
    out[2] === 0 &&
    out[3] === 0;

  const ascii = (s: string, into: Uint8Array): Uint8Array => {
    for (let i = 0; i < s.length; i++) into[i] = s.charCodeAt(i);
    into[s.length] = 0;
    return into;
  };
  const pathBuf = new Uint8Array(32);
  const openFdDir = (pid: number): number => c.openDirectory(procRootFd, ascii(`${pid}/fd`, pathBuf));

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
      for (let off = 0; off < got;) {
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
    const pid = jobs[job + J_PID],
      end = jobs[job + J_END];
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
    const pid = state[job + J_PID],
      end = state[job + J_END],
      spillAt = state[SPILL_AT];
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

  /** Publishes a range job for a big table, then probes it (with the other thread, if it comes to help). */
  const probeTable = (pid: number, dirFd: number, count: number): void => {
    const end = Math.ceil((count * 1.5 + 64) / CHUNK) * CHUNK;
    const slot = Atomics.add(state, JOB_COUNT, 1);
    const shared = slot < MAX_JOBS;
    const jobs = shared ? state : ownJob;
    const job = shared ? state[JOBS_AT] + slot * JOB_INTS : 0;
    jobs[job + J_PID] = pid;
    jobs[job + J_KIND] = KIND_RANGE;
    jobs[job + J_END] = end;
    jobs[job + J_CURSOR] = 0;
    jobs[job + J_HITS] = 0;
    jobs[job + J_TARGET] = count;
    jobs[job + J_TAIL] = 0;
    Atomics.store(jobs, job + J_READY, 1); // fields above are visible to the other thread
    probe(jobs, job, dirFd);
  };

  /** Puts the `n` fds just listed into the spill as a job, then drains it; false if the spill or the job slots are full. */
  const spillTable = (pid: number, dirFd: number, n: number): boolean => {
    const start = Atomics.add(state, SPILL_TOP, n);
    const slot = start + n <= state[SPILL_CAP] ? Atomics.add(state, JOB_COUNT, 1) : MAX_JOBS;
    if (slot >= MAX_JOBS) return false;
    const job = state[JOBS_AT] + slot * JOB_INTS;
    state.set(fds.subarray(0, n), state[SPILL_AT] + start);
    state[job + J_PID] = pid;
    state[job + J_KIND] = KIND_SPILL;
    state[job + J_END] = start + n;
    state[job + J_CURSOR] = start;
    Atomics.store(state, job + J_READY, 1); // ready: fields above are visible to the other thread
    drain(job, dirFd);
    return true;
  };

  /** Lists a table and resolves its fds, through the spill if it is long. */
  const listTable = (pid: number, dirFd: number): void => {
    Atomics.add(state, LISTING, 1); // the other thread waits for a job this may publish
    let n: number;
    try {
      n = list(dirFd);
      if (n > SPLIT_ABOVE && spillTable(pid, dirFd, n)) return;
    } finally {
      Atomics.sub(state, LISTING, 1);
      Atomics.notify(state, LISTING);
    }
    for (let i = 0; i < n; i++) if (resolve(dirFd, pid, fds[i])) return;
  };

  /** Scans one process's fd table. */
  const scanPid = (pid: number): void => {
    const dirFd = openFdDir(pid);
    if (dirFd < 0) return; // exited, or not ours to look at
    try {
      const count = openCount(dirFd);
      if (count >= PROBE_FROM) probeTable(pid, dirFd, count);
      else listTable(pid, dirFd);
    } finally {
      c.close(dirFd);
    }
  };

  /** Claims and scans whole pids until none is left. */
  const scanWholePids = (): void => {
    for (;;) {
      if (stopped()) return;
      const i = Atomics.add(state, PID_CURSOR, 1);
      if (i >= state[PID_COUNT]) return;
      scanPid(state[HEADER_INTS + i]);
    }
  };

  /** Helps with big tables until no job has work left and nobody is still listing (which may publish one). */
  const helpTheOtherThread = (): void => {
    for (;;) {
      let helped = false;
      const jobs = Math.min(Atomics.load(state, JOB_COUNT), MAX_JOBS);
      for (let j = 0; j < jobs && !stopped(); j++) {
        const job = state[JOBS_AT] + j * JOB_INTS;
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
  };

  scanWholePids();
  helpTheOtherThread();
}
