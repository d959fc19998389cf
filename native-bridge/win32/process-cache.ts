/**
 * Process names and image paths by PID, cached by (pid, process creation time) so a PID the OS
 * reused for another process is not shown under the old name. The OS calls are injected
 * (iphlpapi.ts's ProcessReader on Windows; fakes in tests).
 */
import type { ProcessInfo } from '../types';
import { basenameWin } from './decode-module-info';
import { filetimeToIso } from './decode-fields';

export interface ProcessQuery {
  query(pid: number, wantPath: (creation: bigint | null) => boolean): { creation: bigint | null; path: string | null } | null;
  processNames(): Map<number, string>;
}

/** PIDs Windows reserves, named as Task Manager and TCPView name them; never opened. */
export const WELL_KNOWN: Readonly<Record<number, string>> = { 0: 'System Idle Process', 4: 'System' };

interface Entry {
  creation: bigint | null;
  name: string | null;
  path: string | null;
}

export class ProcessCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly os: ProcessQuery) {}

  /**
   * Resolves every PID of one snapshot: one OpenProcess each for the creation time, the image path
   * only for a process not seen before under that creation time. PIDs no longer present are dropped.
   */
  resolve(pids: Iterable<number>): Map<number, Entry> {
    const out = new Map<number, Entry>();
    let toolhelp: Map<number, string> | null = null;
    const names = () => (toolhelp ??= this.safeNames());
    for (const pid of new Set(pids)) {
      out.set(pid, this.resolveOne(pid, names));
    }
    for (const pid of [...this.entries.keys()]) if (!out.has(pid)) this.entries.delete(pid);
    return out;
  }

  name(pid: number | null, resolved: Map<number, Entry>): string | null {
    return pid === null ? null : (resolved.get(pid)?.name ?? null);
  }

  /** The drill-down's details; null if the process is gone. */
  info(pid: number): ProcessInfo | null {
    if (pid in WELL_KNOWN) return { pid, name: WELL_KNOWN[pid], exePath: null, commandLine: null, user: null, startedAt: null };
    let names: Map<number, string> | null = null;
    const e = this.resolveOne(pid, () => (names ??= this.safeNames()), true);
    if (e.name === null && e.path === null && e.creation === null) return null;
    return {
      pid,
      name: e.name,
      exePath: e.path,
      commandLine: null,
      user: null,
      startedAt: e.creation === null ? null : filetimeToIso(e.creation),
    };
  }

  private resolveOne(pid: number, names: () => Map<number, string>, forceFresh = false): Entry {
    if (pid in WELL_KNOWN) return { creation: null, name: WELL_KNOWN[pid], path: null };
    const cached = this.entries.get(pid);
    let q: { creation: bigint | null; path: string | null } | null = null;
    try {
      q = this.os.query(pid, (creation) => forceFresh || !cached || cached.creation === null || cached.creation !== creation);
    } catch {
      q = null;
    }
    if (q === null) {
      // Gone, or access denied: no path, the name from the process list if it is there.
      this.entries.delete(pid);
      return { creation: null, name: names().get(pid) ?? null, path: null };
    }
    if (cached && !forceFresh && q.creation !== null && cached.creation === q.creation) return cached;
    const entry: Entry = {
      creation: q.creation,
      path: q.path,
      name: q.path ? basenameWin(q.path) : (names().get(pid) ?? null),
    };
    if (q.creation !== null) this.entries.set(pid, entry);
    else this.entries.delete(pid);
    return entry;
  }

  private safeNames(): Map<number, string> {
    try {
      return this.os.processNames();
    } catch {
      return new Map();
    }
  }
}
