/**
 * Shared scan state, an Int32Array (over a SharedArrayBuffer when two threads scan):
 * header, then the pids to scan, then job records, then the "spill" of fd numbers that a
 * big process's scanner hands out in chunks so that the other thread can help with it.
 *
 * The layout is defined here only. The scan loop gets it as a parameter, not by import,
 * because the worker runs the loop from its source text; the worker's text gets it as a
 * JSON literal (scan-worker.ts).
 */
export const SCAN_LAYOUT = Object.freeze({
  // Header slots.
  PID_CURSOR: 0, // next pid to claim
  PID_COUNT: 1,
  JOB_COUNT: 2,
  SPILL_TOP: 3, // spill used
  STOP: 4, // 1 once a visitor said stop
  LISTING: 5, // threads listing an fd table
  JOBS_AT: 6, // where the job records start
  SPILL_AT: 7, // where the spill starts
  SPILL_CAP: 8, // its capacity
  /** Header size in ints; the pids follow. */
  HEADER_INTS: 16,
  MAX_JOBS: 1024,
  /** Job record size in ints. */
  JOB_INTS: 8,
  // Job fields: pid, kind, end, cursor, ready (1 when the rest is visible to other threads);
  // a spill job resolves spill[cursor..end); a range job probes fd numbers cursor.. below
  // end (its fallback bound), counting open fds seen into hits until they reach target,
  // after which probing ends at tail (0 until then).
  J_PID: 0,
  J_KIND: 1,
  J_END: 2,
  J_CURSOR: 3,
  J_READY: 4,
  J_HITS: 5,
  J_TARGET: 6,
  J_TAIL: 7,
  KIND_SPILL: 0,
  KIND_RANGE: 1,
});

export type ScanLayout = typeof SCAN_LAYOUT;

/** Lays out a scan of `pids`; `spillCapacity` = how many fds of big processes can be shared. */
export function createScanState(pids: readonly number[], shared: boolean, spillCapacity: number): Int32Array {
  const { PID_COUNT, JOBS_AT, SPILL_AT, SPILL_CAP, HEADER_INTS, MAX_JOBS, JOB_INTS } = SCAN_LAYOUT;
  const jobsAt = HEADER_INTS + pids.length;
  const spillAt = jobsAt + MAX_JOBS * JOB_INTS;
  const ints = spillAt + spillCapacity;
  const state = new Int32Array(shared ? new SharedArrayBuffer(ints * 4) : new ArrayBuffer(ints * 4));
  state[PID_COUNT] = pids.length;
  state[JOBS_AT] = jobsAt;
  state[SPILL_AT] = spillAt;
  state[SPILL_CAP] = spillCapacity;
  state.set(pids, HEADER_INTS);
  return state;
}
