import { libc, type FdCalls } from '../libc';
import { CHANNEL_PAIRS, PairReader, createPairChannel } from './pair-channel';
import { scanProcFds } from './scan-loop';
import { SCAN_LAYOUT, createScanState } from './scan-state';
import { ScanWorker } from './scan-worker';
import type { FdScanner, SharedScan, SocketVisitor } from './types';

const AT_FDCWD = -100;
/** fds of big processes that can be shared out per scan (4 bytes each). */
const SPILL_CAPACITY = 1 << 20;
/** How long the scanning thread blocks for the worker's last pairs before awaiting its reply instead. */
const CHANNEL_WAIT_MS = 1000;

/** The koffi scanner, with the worker thread for big scans. Loading this module loads koffi. */
export class KoffiFdScanner implements FdScanner {
  private readonly calls: FdCalls;
  private readonly rootFd: number;
  private worker: ScanWorker | null;

  constructor(
    procRoot: string,
    worker: boolean,
    /** Pairs the worker can share while scanning; the rest come with its reply (small in tests, to cover that). */
    private readonly channelPairs = CHANNEL_PAIRS,
  ) {
    this.calls = libc();
    this.rootFd = this.calls.openDirectory(AT_FDCWD, new TextEncoder().encode(`${procRoot}\0`));
    if (this.rootFd < 0) throw new Error(`cannot open ${procRoot}`);
    // Started now, so that its start-up (~20 ms, on its own thread) is over by the first big scan.
    this.worker = worker ? ScanWorker.acquire() : null;
  }

  scanHere(pids: readonly number[], visit: SocketVisitor): void {
    scanProcFds(SCAN_LAYOUT, this.calls, createScanState(pids, false, 0), this.rootFd, visit);
  }

  startShared(pids: readonly number[]): SharedScan | null {
    if (!this.worker?.usable) return null;
    const state = createScanState(pids, true, SPILL_CAPACITY);
    const channel = createPairChannel(this.channelPairs);
    const fromWorker = this.worker.scan(state, this.rootFd, channel);
    return {
      finish: async (visit) => {
        const workerPairs = new PairReader(channel);
        let visits = 0;
        scanProcFds(SCAN_LAYOUT, this.calls, state, this.rootFd, (inode, pid) => {
          visit(inode, pid);
          if ((++visits & 255) === 0) workerPairs.take(visit);
          return false; // the worker's share is still unknown: no early stop
        });
        // The worker ends with its last chunk: wait for it here, taking its pairs meanwhile.
        if (workerPairs.takeUntilDone(visit, CHANNEL_WAIT_MS)) return; // all its pairs were in the channel
        const rest = await fromWorker; // more than the channel held; or the worker is slow, or died
        if (rest === null) {
          this.scanHere(pids, visit); // the worker died mid-scan: redo it all here (visits are idempotent)
          return;
        }
        workerPairs.take(visit);
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
