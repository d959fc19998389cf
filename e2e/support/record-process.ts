import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import { SOCKSCOPE_BIN } from './watch-process';

/** `sockscope record` as a child process, collecting what it says on stderr. */
export class RecordProcess {
  readonly stderr: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(dataDir: string, args: string[] = ['--interval', '250']) {
    this.child = spawn(process.execPath, [SOCKSCOPE_BIN, 'record', '--data-dir', dataDir, ...args]);
    readline.createInterface({ input: this.child.stderr }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('record did not start');
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first stderr line that matches; rejects after `timeoutMs` with what it did say. */
  async line(match: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.stderr.find((l) => match.test(l));
      if (found) return found;
      if (Date.now() > deadline || !this.running) throw new Error(`record said no ${match}; it said: ${this.stderr.join(' / ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM (or another signal); resolves with how it exited. */
  stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }
}
