/** Pure parsers for the small /proc (and /etc/passwd) files the owner lookup reads. */

export interface ProcStat {
  /** Command name (comm), up to 15 characters; may contain spaces and parentheses. */
  comm: string;
  /** State letter (field 3): R, S, D, … ; Z (zombie) and X (dead) have exited. */
  state: string;
  /** Parent pid (field 4); 0 for the kernel's own first processes. */
  ppid: number;
  /** Start time in clock ticks after boot (field 22): with the pid, identifies one process. */
  startTicks: number;
}

/** /proc/PID/stat: "pid (comm) state ppid …"; comm may contain ") ", so split at the LAST ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // Fields after comm start at field 3 (state); starttime is field 22.
  const rest = text.slice(close + 2).split(' ');
  const startTicks = Number(rest[22 - 3]);
  if (!Number.isFinite(startTicks)) return null;
  return { comm: text.slice(open + 1, close), state: rest[0], ppid: Number(rest[1]) || 0, startTicks };
}

/** Real uid from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs"). */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Boot time (seconds since the epoch) from /proc/stat's "btime" line. */
export function parseBootTime(text: string): number | null {
  const m = /^btime\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** uid → user name from /etc/passwd text; malformed lines are skipped. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 3 || line.startsWith('#')) continue;
    const uid = Number(f[2]);
    if (f[0] !== '' && Number.isInteger(uid) && !users.has(uid)) users.set(uid, f[0]);
  }
  return users;
}

/** /proc/PID/cmdline: NUL-separated arguments → one line; null for kernel threads (empty). */
export function parseCmdline(text: string): string | null {
  const line = text.replace(/\0+$/, '').replace(/\0/g, ' ');
  return line === '' ? null : line;
}
