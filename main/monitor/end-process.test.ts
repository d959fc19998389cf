// Real processes: children of this test, ended for real.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionError } from '../common/errors';
import { endProcess, endProcessRefusal, isRunning, killFailureMessage } from './end-process';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A node child that says it is ready; bounded, it exits by itself after 30 s. */
async function child(ignoreSigterm: boolean): Promise<ChildProcess & { pid: number }> {
  const script = `${ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''} setTimeout(() => {}, 30000); console.log('ready');`;
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  await once(readline.createInterface({ input: c.stdout! }), 'line');
  return c as ChildProcess & { pid: number };
}

describe('endProcessRefusal', () => {
  // Only as pure answers: a test must never risk signalling pid 0 (its process group), 1 or 4.
  it.each([
    [0, 'pid 0 is the kernel (System Idle Process on Windows): Sockscope does not end it'],
    [1, 'pid 1 is init (systemd): Sockscope does not end it'],
    [4, 'pid 4 is the Windows System process: Sockscope does not end it'],
    [4242, 'pid 4242 is Sockscope itself: Sockscope does not end it'],
    [2 ** 31, 'no such process: pid 2147483648 is larger than any pid'],
  ])('refuses pid %i: %s', (pid, reason) => {
    expect(endProcessRefusal(pid, 4242)).toBe(reason);
  });

  it('lets any other pid be ended', () => {
    expect(endProcessRefusal(2, 4242)).toBeNull();
    expect(endProcessRefusal(12345, 4242)).toBeNull();
  });
});

describe('endProcess', () => {
  it('ends a process with SIGTERM and says it exited', async () => {
    const c = await child(false);
    const exit = once(c, 'exit');
    await expect(endProcess(c.pid, false)).resolves.toEqual({ pid: c.pid, exited: true });
    expect((await exit)[1]).toBe('SIGTERM');
  });

  it('says a process that ignores SIGTERM is still there after the wait; SIGKILL then ends it', async () => {
    const c = await child(true);
    await expect(endProcess(c.pid, false, 300)).resolves.toEqual({ pid: c.pid, exited: false });
    expect(isRunning(c.pid)).toBe(true);
    const exit = once(c, 'exit');
    await expect(endProcess(c.pid, true)).resolves.toEqual({ pid: c.pid, exited: true });
    expect((await exit)[1]).toBe('SIGKILL');
  });

  it('says a process that has already exited is gone', async () => {
    const c = spawn(process.execPath, ['-e', '']);
    await once(c, 'exit');
    const refused = await endProcess(c.pid!, false).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as Error).message).toBe('no such process (it has exited)');
  });

  it.skipIf(process.platform !== 'linux')('counts a zombie (exited, not yet reaped by its parent) as exited', async () => {
    // python3 forks a child that exits at once and never reaps it.
    const parent = spawn(
      'python3',
      ['-c', 'import os, sys, time\npid = os.fork()\nif pid == 0: os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(parent);
    const [line] = (await once(readline.createInterface({ input: parent.stdout! }), 'line')) as [string];
    const zombie = Number(line);
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(zombie, 0)).not.toThrow(); // the kernel still has it
    expect(isRunning(zombie)).toBe(false);
  });

  it.each([
    ['EPERM', "not permitted: needs administrator rights (or the process's own user)"],
    ['ESRCH', 'no such process (it has exited)'],
    ['EINVAL', 'cannot end pid 77: EINVAL'],
  ])('words a failed kill (%s) in one line', (code, message) => {
    expect(killFailureMessage(77, code)).toBe(message);
  });
});
