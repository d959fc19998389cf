/**
 * The OS side of restarting elevated: finding a program on PATH and starting a launcher
 * (PowerShell, pkexec) detached, so an elevated copy outlives this one. Node only.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { LauncherExit } from './elevation';

/** Keeps the first lines of a launcher's complaint, not whatever the elevated app prints for its life. */
const STDERR_MAX = 4096;

/** The executable's full path in one of PATH's folders, or null. */
export function findOnPath(name: string, pathVariable = process.env.PATH ?? ''): string | null {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Starts the launcher detached (its own process group, no console window); resolves when it exits. */
export function launchDetached(command: string, args: readonly string[]): Promise<LauncherExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, windowsHide: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_MAX) stderr += chunk.slice(0, STDERR_MAX - stderr.length);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
    child.unref();
  });
}
