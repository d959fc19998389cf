import fs from 'node:fs';
import path from 'node:path';
import type { FdScanner, SharedScan, SocketVisitor } from './types';

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
