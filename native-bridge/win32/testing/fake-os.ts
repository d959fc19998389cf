/**
 * TEST ONLY. The OS calls the Windows source takes (Win32Deps' ProcessQuery and ModuleLookup),
 * answered from maps and recording what was asked: for source.test.ts and the decode bench.
 */
import type { OwnerModule } from '../decode-module-info';
import type { ModuleLookup } from '../module-cache';
import type { ProcessQuery } from '../process-cache';

export interface FakeProcess {
  creation: bigint | null;
  path: string | null;
  /** The token's user, `DOMAIN\user`; null where the token cannot be read. */
  user?: string | null;
}

export class FakeProcesses implements ProcessQuery {
  /** Processes that exist but deny PROCESS_QUERY_LIMITED_INFORMATION. */
  denied = new Set<number>();
  queries: number[] = [];
  pathReads: number[] = [];

  constructor(
    public procs = new Map<number, FakeProcess>(),
    /** What a Toolhelp snapshot lists (denied processes included), by name. */
    public toolhelp = new Map<number, string>(),
    /** Parent pids in the snapshot; 0 where not given. */
    public parents = new Map<number, number>(),
  ) {}

  query(pid: number, wantPath: (c: bigint | null) => boolean) {
    this.queries.push(pid);
    const p = this.procs.get(pid);
    if (!p || this.denied.has(pid)) return null;
    const want = wantPath(p.creation);
    if (want) this.pathReads.push(pid);
    return { creation: p.creation, path: want ? p.path : null, user: want ? (p.user ?? null) : null };
  }

  processList() {
    return new Map([...this.toolhelp].map(([pid, name]) => [pid, { name, parentPid: this.parents.get(pid) ?? 0 }]));
  }
}

export class FakeModules implements ModuleLookup {
  lookups: { family: string; pid: number; bytes: number }[] = [];
  /** Services by IPv4 local port: one svchost PID hosts several. */
  services = new Map<number, string>();

  constructor(
    public exported = true,
    /** Module names by PID; any other PID's module is `C:\mod\pid<PID>.dll`, without a name. */
    public names = new Map<number, string>(),
  ) {}

  available() {
    return this.exported;
  }

  lookup(family: 'ipv4' | 'ipv6', row: Buffer): OwnerModule | null {
    // The row handed over is the OWNER_MODULE row itself: its PID is at offset 20 (v4) / 52 (v6).
    const pid = row.readUInt32LE(family === 'ipv4' ? 20 : 52);
    this.lookups.push({ family, pid, bytes: row.length });
    const name = (family === 'ipv4' ? this.services.get(row.readUInt16BE(8)) : undefined) ?? this.names.get(pid);
    if (name) return { name, path: 'C:\\Windows\\System32\\svchost.exe' };
    return { name: null, path: `C:\\mod\\pid${pid}.dll` };
  }
}
