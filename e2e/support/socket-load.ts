import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The bench's loopback socket generator (bench/sockets.mjs): bounded in count and time, it stops by itself. */
export interface SocketLoad {
  /** Sockets it holds open (both ends of each connection). */
  sockets: number;
  stop(): void;
}

const GENERATOR = path.join(__dirname, '..', '..', 'bench', 'sockets.mjs');

/** Starts the generator with `count` sockets for at most `holdSeconds`; resolves once all are open. */
export function startSocketLoad(count: number, holdSeconds: number): Promise<SocketLoad> {
  const child: ChildProcess = spawn(
    process.execPath,
    [GENERATOR, '--count', String(count), '--hold-seconds', String(holdSeconds)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the socket generator exited early (code ${code})`)));
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const ready = /READY (\d+)/.exec(out);
      if (ready) {
        child.removeAllListeners('exit');
        resolve({ sockets: Number(ready[1]), stop: () => void child.kill() });
      }
    });
  });
}
