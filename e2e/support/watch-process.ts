import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { ConnectionEvent } from '../../main/common/contract/events';

export const SOCKSCOPE_BIN = path.resolve(__dirname, '..', '..', 'bin', 'sockscope');

/** `sockscope watch --json` as a child process, collecting the events it prints. */
export class WatchProcess {
  readonly events: ConnectionEvent[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: (() => void)[] = [];

  constructor(args: string[] = []) {
    this.child = spawn(process.execPath, [SOCKSCOPE_BIN, 'watch', '--json', ...args]);
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.events.push(JSON.parse(line) as ConnectionEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
    readline.createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
  }

  /** Resolves with the first event (from the start) that matches, or rejects after `timeoutMs`. */
  async waitFor(what: string, match: (e: ConnectionEvent) => boolean, timeoutMs = 10_000): Promise<ConnectionEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no event for ${what} within ${timeoutMs} ms; saw:\n${this.events.map((e) => JSON.stringify(e)).join('\n')}\nstderr: ${this.stderr.join('\n')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the first poll has been made (watch prints nothing for the starting table). */
  async settle(ms = 600): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }

  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.kill('SIGINT');
    });
  }
}
