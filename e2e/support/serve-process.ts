import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type WebSocket from 'ws';
import { SOCKSCOPE_BIN } from './watch-process';

/** `sockscope serve` as a child process; resolves once it prints its URL. */
export class ServeProcess {
  readonly url: URL;
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    url: string,
    /** Where this serve records its history (its own, so two at once do not share one). */
    readonly dataHome: string,
  ) {
    this.url = new URL(url);
  }

  /** `asUser`: run it as that user (setpriv), to see what an unprivileged monitor sees. */
  static start(args: string[] = ['--port', '0'], { asUser }: { asUser?: string } = {}): Promise<ServeProcess> {
    const command = [process.execPath, SOCKSCOPE_BIN, 'serve', ...args];
    const dataHome = fs.mkdtempSync(path.join(os.tmpdir(), 'sockscope-serve-data-'));
    fs.chmodSync(dataHome, 0o777); // another user (asUser) records there too
    const env = { ...process.env, XDG_DATA_HOME: dataHome };
    const child = asUser
      ? spawn(
          'setpriv',
          [`--reuid=${asUser}`, `--regid=${asUser === 'nobody' ? 'nogroup' : asUser}`, '--clear-groups', ...command],
          { env },
        )
      : spawn(command[0], command.slice(1), { env });
    child.once('exit', () => fs.rmSync(dataHome, { recursive: true, force: true }));
    const stderr: string[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL in 15 s; stderr: ${stderr.join('')}`)), 15_000);
      readline.createInterface({ input: child.stdout }).once('line', (line) => {
        clearTimeout(timer);
        const m = /^Sockscope UI: (\S+)$/.exec(line);
        if (m) resolve(new ServeProcess(child, m[1], dataHome));
        else reject(new Error(`unexpected first line from serve: ${line}`));
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr.join('')}`)));
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('serve did not start');
    return this.child.pid;
  }

  get token(): string {
    return this.url.searchParams.get('token') ?? '';
  }

  get origin(): string {
    return this.url.origin;
  }

  /** The WebSocket's address: no token in it (the server refuses one there). */
  get wsUrl(): string {
    return `${this.url.protocol === 'https:' ? 'wss' : 'ws'}://${this.url.host}/ws`;
  }

  /** How a script authenticates to the WebSocket: the token as a Bearer header. */
  get wsOptions(): WebSocket.ClientOptions {
    return { headers: { Authorization: `Bearer ${this.token}` } };
  }

  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}

/** Runs the CLI to completion (for exit codes and messages). */
export function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [SOCKSCOPE_BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
