import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ActorReply {
  ok: boolean;
  error?: string;
  port?: number;
  localPort?: number;
  pid?: number;
  /** wait-end: how the socket ended (ECONNRESET, ECONNABORTED, EOF). */
  ended?: string;
}

/** Drives e2e/support/socket-actor-child.mjs: a child process that owns real sockets on command. */
export class SocketActor {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: ((reply: ActorReply) => void)[] = [];

  constructor(maxSeconds = 120) {
    this.child = spawn(process.execPath, [path.join(__dirname, 'socket-actor-child.mjs'), '--max-seconds', String(maxSeconds)]);
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.replies.shift()?.(JSON.parse(line) as ActorReply);
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('socket actor did not start');
    return this.child.pid;
  }

  /** Sends one command and waits for its reply; a failed command rejects. */
  send(command: Record<string, unknown>): Promise<ActorReply> {
    return new Promise((resolve, reject) => {
      this.replies.push((reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
      this.child.stdin.write(`${JSON.stringify(command)}\n`);
    });
  }

  stop(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}
