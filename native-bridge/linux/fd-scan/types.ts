/** Called per socket fd found; return true to stop the scan (everything wanted was found). */
export type SocketVisitor = (inode: number, pid: number) => boolean;

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
