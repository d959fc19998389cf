// A process named with ESC and CR owns a listener: the text outputs show the name escaped, JSON keeps it exact.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpRow } from '../common/types';
import { runCli } from '../../e2e/support/serve-process';
import { WatchProcess } from '../../e2e/support/watch-process';

/** Erases its own line in a terminal and starts over: what a hostile name would do to `list`. */
const HOSTILE = 'a\x1b[2K\rb';
const SHOWN = 'a\\x1b[2K\\x0db';

describe('names from other processes', () => {
  let listener: ChildProcessWithoutNullStreams;
  let port: number;

  beforeAll(async () => {
    expect(process.env.SOCKSCOPE_NETNS, 'kernel tests run in a private network namespace').toBe('1');
    const script = path.join(__dirname, '..', '..', 'native-bridge', 'linux', 'testing', 'named-listener.py');
    listener = spawn('python3', [script, Buffer.from(HOSTILE).toString('hex'), '60']);
    port = Number(
      await new Promise<string>((resolve) => readline.createInterface({ input: listener.stdout }).once('line', resolve)),
    );
  });
  afterAll(() => listener.stdin.end());

  it('keeps the name exact in list --json', () => {
    const rows = JSON.parse(runCli(['list', '--json']).stdout) as TcpRow[];
    expect(rows.find((r) => r.localPort === port)?.processName).toBe(HOSTILE);
  });

  it.each([[['list']], [['list', '--csv']]])('escapes it in %j', (args) => {
    const { stdout, code } = runCli(args);
    expect(code).toBe(0);
    const line = stdout.split('\n').find((l) => l.includes(`:${port}`) || l.includes(`,${port},`));
    expect(line).toContain(SHOWN);
    expect(stdout.includes('\x1b') || stdout.includes('\r')).toBe(false);
  });

  it('escapes it in watch', async () => {
    const watch = new WatchProcess([], { json: false });
    try {
      await watch.settle();
      listener.stdin.end(); // the listener closes: watch prints the event with its owner
      const line = await watch.waitForLine(
        'the close of the named listener',
        (l) => l.includes(`:${port}`) && l.includes('closed'),
      );
      expect(line).toContain(`${SHOWN}(${listener.pid})`);
      expect(watch.output().includes('\x1b') || watch.output().includes('\r')).toBe(false);
    } finally {
      await watch.stop();
    }
  });
});
