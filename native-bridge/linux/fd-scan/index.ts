/**
 * Finds which process holds which socket by reading /proc/PID/fd: the costly half of owner
 * lookup, one syscall per open fd of every process. Why it is built this way (and what each
 * choice measured): docs/owner-scan.md.
 */
import { NodeFdScanner } from './node-scanner';
import type { FdScanner } from './types';

export type { FdScanner, SharedScan, SocketVisitor } from './types';

/**
 * The koffi scanner where koffi loads, else the fs one. `worker: false` keeps everything on
 * this thread (tests with a fake /proc, where there is nothing to gain).
 */
export async function createFdScanner(procRoot: string, worker: boolean, channelPairs?: number): Promise<FdScanner> {
  try {
    // Imported here, not above: if koffi fails to load (no binary for this machine), the fs scanner it is.
    const { KoffiFdScanner } = await import('./koffi-scanner');
    return new KoffiFdScanner(procRoot, worker, channelPairs);
  } catch {
    return new NodeFdScanner(procRoot);
  }
}
