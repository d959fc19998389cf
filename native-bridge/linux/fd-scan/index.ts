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
