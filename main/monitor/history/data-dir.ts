/** Where the history is kept when `--data-dir` does not say. */
import os from 'node:os';
import path from 'node:path';

/**
 * Linux (and other Unixes): `$XDG_DATA_HOME/sockscope`, `~/.local/share/sockscope` where that is
 * unset or not absolute (as the XDG spec says); Windows: `%LOCALAPPDATA%\Sockscope`; macOS:
 * `~/Library/Application Support/Sockscope`.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return path.win32.join(
      local && path.win32.isAbsolute(local) ? local : path.win32.join(home, 'AppData', 'Local'),
      'Sockscope',
    );
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Sockscope');
  const xdg = env.XDG_DATA_HOME;
  return path.posix.join(xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share'), 'sockscope');
}

/** The database's file name in the data directory. */
export const HISTORY_FILE = 'history.db';
/** Held (an exclusive SQLite lock) by the one recorder writing into a data directory. */
export const LOCK_FILE = 'recorder.lock';
