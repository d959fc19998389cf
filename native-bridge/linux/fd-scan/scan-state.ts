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
