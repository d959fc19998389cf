import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { ConnectionEvent } from '../../main/common/contract/events';

export const SOCKSCOPE_BIN = path.resolve(__dirname, '..', '..', 'bin', 'sockscope');

/** `sockscope watch` as a child process (`--json` unless asked otherwise), collecting what it prints. */
export class WatchProcess {
  readonly events: ConnectionEvent[] = [];
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: (() => void)[] = [];

  constructor(args: string[] = [], { json = true }: { json?: boolean } = {}) {
    this.child = spawn(process.execPath, [SOCKSCOPE_BIN, 'watch', ...(json ? ['--json'] : []), ...args]);
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      if (json) this.events.push(JSON.parse(line) as ConnectionEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
    readline.createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
  }

  /** Resolves with the first event (from the start) that matches, or rejects after `timeoutMs`. */
  waitFor(what: string, match: (e: ConnectionEvent) => boolean, timeoutMs = 10_000): Promise<ConnectionEvent> {
    return this.waitUntil(what, () => this.events.find(match), timeoutMs);
  }

  /** The same for the text output: the first line that matches. */
  waitForLine(what: string, match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return this.waitUntil(what, () => this.lines.find(match), timeoutMs);
  }

  /** Everything printed on stdout so far. */
  output(): string {
    return this.lines.join('\n');
  }

  private async waitUntil<T>(what: string, find: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `nothing for ${what} within ${timeoutMs} ms; saw:\n${this.lines.join('\n')}\nstderr: ${this.stderr.join('\n')}`,
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
