/**
 * Ending a process from a row: SIGTERM (or SIGKILL), then a few seconds' wait to see it go.
 * `process.kill` is the one call on every OS: on Windows Node makes it TerminateProcess.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActionError } from '../common/errors';
import { parseProcStat } from '../../native-bridge/linux/proc-files';

/** How long SIGTERM gets before the answer is "still running" (the UI then offers SIGKILL). */
export const END_PROCESS_WAIT_MS = 3_000;
const CHECK_EVERY_MS = 50;

/** The largest pid `process.kill` takes (a C int); no OS hands out larger ones. */
const MAX_PID = 0x7fffffff;

/** Why Sockscope will not end this pid, or null. The pids no user means to end from a connection row. */
export function endProcessRefusal(pid: number, ownPid: number = process.pid): string | null {
  if (pid === ownPid) return `pid ${pid} is Sockscope itself: Sockscope does not end it`;
  if (pid > MAX_PID) return `no such process: pid ${pid} is larger than any pid`;
  switch (pid) {
    case 0:
      return 'pid 0 is the kernel (System Idle Process on Windows): Sockscope does not end it';
    case 1:
      return 'pid 1 is init (systemd): Sockscope does not end it';
    case 4:
      return 'pid 4 is the Windows System process: Sockscope does not end it';
    default:
      return null;
  }
}

/** The one line for a failed kill, by its error code. */
export function killFailureMessage(pid: number, code: string | undefined): string {
  switch (code) {
    case 'EPERM':
      return "not permitted: needs administrator rights (or the process's own user)";
    case 'ESRCH':
      return 'no such process (it has exited)';
    default:
      return `cannot end pid ${pid}: ${code ?? 'unknown error'}`;
  }
}

/** Whether `pid` still runs: it exists (ours to signal or not) and, on Linux, is no zombie waiting for its parent. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return true; // hidden (hidepid): the signal said it exists
  }
  const state = parseProcStat(text)?.state;
  return state !== 'Z' && state !== 'X';
}

/** Sends SIGTERM (SIGKILL with `force`) and waits up to `waitMs` for the process to go. */
export async function endProcess(
  pid: number,
  force: boolean,
  waitMs = END_PROCESS_WAIT_MS,
): Promise<{ pid: number; exited: boolean }> {
  const refusal = endProcessRefusal(pid);
  if (refusal !== null) throw new ActionError(refusal);
  try {
    process.kill(pid, force ? 'SIGKILL' : 'SIGTERM');
  } catch (err) {
    throw new ActionError(killFailureMessage(pid, (err as NodeJS.ErrnoException).code));
  }
  const deadline = Date.now() + waitMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return { pid, exited: false };
    await sleep(CHECK_EVERY_MS);
  }
  return { pid, exited: true };
}
