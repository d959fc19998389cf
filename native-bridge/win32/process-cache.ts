/**
 * Process names, image paths and users by PID, cached by (pid, process creation time) so a PID the OS
 * reused for another process is not shown under the old name. A PID OpenProcess is denied for (a
 * SYSTEM process, unelevated) has no creation time: its Toolhelp name is cached for
 * DENIED_TTL_POLLS polls, and dropped sooner if a Toolhelp snapshot taken meanwhile names the PID
 * differently or the PID can be opened. The OS calls are injected (iphlpapi.ts's ProcessReader on
 * Windows; fakes in tests).
 */
import type { ProcessInfo } from '../../main/common/types';
import { basenameWin } from './decode-module-info';
import { filetimeToIso } from './decode-fields';

/** One process in a Toolhelp snapshot. */
export interface ToolhelpProcess {
  /** Executable file name. */
  name: string;
  /** The pid of the process that created it (Windows never updates it when that one exits). */
  parentPid: number;
}
type Toolhelp = Map<number, ToolhelpProcess>;

/** What opening one process tells. */
export interface ProcessDetails {
  /** FILETIME of the process start; null where it could not be read. */
  creation: bigint | null;
  /** Full image path; null where it could not be read, or was not asked for. */
  path: string | null;
  /** The token's user, `DOMAIN\user`; null where the token cannot be read (access denied), or was not asked for. */
  user: string | null;
}

export interface ProcessQuery {
  /**
   * Opens the process and reads its creation time, and its path and user when `wantDetails(creation)`
   * says so (they are cached under that creation time). Null when it cannot be opened (gone, or denied).
   */
  query(pid: number, wantDetails: (creation: bigint | null) => boolean): ProcessDetails | null;
  processList(): Toolhelp;
}

/** PIDs Windows reserves, named as Task Manager and TCPView name them; never opened. */
export const WELL_KNOWN: Readonly<Record<number, string>> = { 0: 'System Idle Process', 4: 'System' };

/** Their entries: always the same objects, so a row can tell an unchanged entry by identity. */
const WELL_KNOWN_ENTRIES = new Map<number, ProcessEntry>(
  Object.entries(WELL_KNOWN).map(([pid, name]) => [Number(pid), Object.freeze({ creation: null, name, path: null, user: null })]),
);

/**
 * Polls a denied PID's name is trusted without a new Toolhelp snapshot: one snapshot per this many
 * polls for it, and at most this many polls under the old name if the PID is reused by another
 * process that is also denied (one that can be opened replaces the entry at once).
 */
export const DENIED_TTL_POLLS = 5;

export interface ProcessEntry {
  creation: bigint | null;
  name: string | null;
  path: string | null;
  user: string | null;
  /** Access denied: the poll the name was read from a Toolhelp snapshot (absent when opened). */
  deniedAt?: number;
}

export class ProcessCache {
  private readonly entries = new Map<number, ProcessEntry>();
  private poll = 0;

  constructor(private readonly os: ProcessQuery) {}

  /**
   * Resolves every PID of one snapshot: one OpenProcess each for the creation time, the image path
   * only for a process not seen before under that creation time; at most one Toolhelp snapshot, only
   * when a PID is denied and its cached name expired (or was never read). PIDs no longer present are
   * dropped.
   */
  resolve(pids: Iterable<number>): Map<number, ProcessEntry> {
    this.poll++;
    const out = new Map<number, ProcessEntry>();
    const snapshot: { list?: Toolhelp } = {};
    const names = () => (snapshot.list ??= this.safeList());
    for (const pid of new Set(pids)) {
      out.set(pid, this.resolveOne(pid, names));
    }
    for (const pid of [...this.entries.keys()]) if (!out.has(pid)) this.entries.delete(pid);
    // A snapshot taken this poll anyway re-checks every denied name served from the cache.
    const toolhelp = snapshot.list;
    if (toolhelp) {
      for (const [pid, e] of out) {
        if (e.deniedAt === undefined || e.deniedAt === this.poll) continue;
        if (toolhelp.get(pid)?.name === e.name) e.deniedAt = this.poll;
        else out.set(pid, this.denied(pid, toolhelp));
      }
    }
    return out;
  }

  /** The drill-down's details; null if the process is gone. */
  info(pid: number): ProcessInfo | null {
    const unknown = { exePath: null, commandLine: null, user: null, startedAt: null, parentPid: null, parentName: null };
    if (pid in WELL_KNOWN) return { pid, name: WELL_KNOWN[pid], ...unknown };
    // One snapshot per drill-down: the parent is only there.
    const list = this.safeList();
    const e = this.resolveOne(pid, () => list, true);
    if (e.name === null && e.path === null && e.creation === null) return null;
    const parentPid = list.get(pid)?.parentPid ?? null;
    return {
      pid,
      name: e.name,
      exePath: e.path,
      commandLine: null,
      user: e.user,
      startedAt: e.creation === null ? null : filetimeToIso(e.creation),
      parentPid,
      parentName: parentPid === null ? null : this.parentName(e, parentPid, list),
    };
  }

  /**
   * The parent's name, if the pid still belongs to it: Windows does not reparent, so a parent that
   * exited may have left its pid to a younger process, which started after the child (as Process
   * Explorer tells them apart).
   */
  private parentName(child: ProcessEntry, parentPid: number, list: Toolhelp): string | null {
    if (parentPid in WELL_KNOWN) return WELL_KNOWN[parentPid];
    const parent = list.get(parentPid);
    if (!parent) return null;
    let creation: bigint | null = null;
    try {
      creation = this.os.query(parentPid, () => false)?.creation ?? null;
    } catch {
      creation = null;
    }
    if (creation !== null && child.creation !== null && creation > child.creation) return null;
    return parent.name;
  }

  private resolveOne(pid: number, names: () => Toolhelp, forceFresh = false): ProcessEntry {
    const wellKnown = WELL_KNOWN_ENTRIES.get(pid);
    if (wellKnown) return wellKnown;
    const cached = this.entries.get(pid);
    let q: ProcessDetails | null = null;
    try {
      q = this.os.query(pid, (creation) => forceFresh || !cached || cached.creation === null || cached.creation !== creation);
    } catch {
      q = null;
    }
    if (q === null) {
      // Gone, or access denied: no path, the name from the process list if it is there.
      const fresh = !forceFresh && cached?.deniedAt !== undefined && this.poll - cached.deniedAt < DENIED_TTL_POLLS;
      return fresh ? cached : this.denied(pid, names());
    }
    if (cached && !forceFresh && q.creation !== null && cached.creation === q.creation) return cached;
    const entry: ProcessEntry = {
      creation: q.creation,
      path: q.path,
      name: q.path ? basenameWin(q.path) : (names().get(pid)?.name ?? null),
      user: q.user,
    };
    if (q.creation !== null) this.entries.set(pid, entry);
    else this.entries.delete(pid);
    return entry;
  }

  /** A denied PID's entry from a Toolhelp snapshot: cached if the snapshot has it (denied, not gone). */
  private denied(pid: number, toolhelp: Toolhelp): ProcessEntry {
    const name = toolhelp.get(pid)?.name ?? null;
    const entry: ProcessEntry = { creation: null, name, path: null, user: null, deniedAt: this.poll };
    if (name !== null) this.entries.set(pid, entry);
    else this.entries.delete(pid);
    return entry;
  }

  private safeList(): Toolhelp {
    try {
      return this.os.processList();
    } catch {
      return new Map();
    }
  }
}
