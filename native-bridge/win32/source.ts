/**
 * The Windows data source: the IP Helper TCP tables (GetTcpTable2, GetTcp6Table2, GetExtendedTcpTable), joined into one row per
 * connection, with process names, the owning module / service, offload state and creation time.
 *
 *   state, PID, offload:  GetTcpTable2; GetTcp6Table2, or GetTcp6Table (no PID) where it is missing
 *   creation time, module: GetExtendedTcpTable TCP_TABLE_OWNER_MODULE_ALL, or OWNER_PID_ALL when
 *                          the module class fails; GetOwnerModuleFromTcp*Entry per new connection
 *   process name / path:  OpenProcess + QueryFullProcessImageNameW, cached by (pid, creation time)
 *
 * The OS calls are injected (`Win32Deps`), so everything but the FFI is tested on any OS.
 */
import type { AddressFamily, DataSource, ProcessInfo, TcpRow } from '../../main/common/types';
import { decodeTable, type DecodedTable } from './decode-tables';
import { identityKey } from '../../main/common/connection-identity';
import { errorMessage } from '../../main/common/errors';
import { joinTables, type JoinedRow } from './join';
import type { TableKind } from './layouts';
import { ModuleCache, type ModuleLookup } from './module-cache';
import { ProcessCache, type ProcessQuery } from './process-cache';

export interface Win32Deps {
  /** The bytes one table call wrote (valid until the next read of the same kind); throws on failure. */
  readTable(kind: TableKind): Buffer;
  processes: ProcessQuery;
  modules: ModuleLookup;
}

/** Per family: the state tables in order of preference, then the extended tables. */
const PLAN: Record<AddressFamily, { state: TableKind[]; extended: TableKind[] }> = {
  ipv4: { state: ['tcp-table2'], extended: ['tcp-owner-module', 'tcp-owner-pid'] },
  ipv6: { state: ['tcp6-table2', 'tcp6-table'], extended: ['tcp6-owner-module', 'tcp6-owner-pid'] },
};

/**
 * GetOwnerModuleFromTcp*Entry calls one poll may make (each can cost a service-manager query for an
 * svchost): a first poll with thousands of connections fills the Module / service column over the
 * next polls instead of stalling the one that polls.
 */
export const MODULE_LOOKUPS_PER_POLL = 100;

const FAMILY_NAMES: Record<AddressFamily, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };

export class Win32Source implements DataSource {
  readonly kind = 'win32' as const;
  private readonly processes: ProcessCache;
  private readonly modules: ModuleCache;
  /** The tables the last snapshot used, and what failed: for the status bar. */
  private used: string[] = [];
  private problems: string[] = [];

  constructor(
    private readonly deps: Win32Deps,
    private readonly moduleLookupsPerPoll = MODULE_LOOKUPS_PER_POLL,
  ) {
    this.processes = new ProcessCache(deps.processes);
    this.modules = new ModuleCache(deps.modules);
  }

  get description(): string {
    const tables = this.used.length > 0 ? this.used.join(', ') : 'GetTcpTable2, GetTcp6Table2, GetExtendedTcpTable';
    const notes = [...this.problems];
    if (!this.deps.modules.available('ipv4')) notes.push('no Module / service: GetOwnerModuleFromTcpEntry is not exported');
    else if (this.modules.pending > 0) {
      notes.push(`${this.modules.pending} connections' modules still to look up (${this.moduleLookupsPerPoll} a poll)`);
    }
    return `Windows IP Helper (${tables})${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`;
  }

  async snapshot(): Promise<TcpRow[]> {
    this.used = [];
    this.problems = [];
    this.modules.begin(this.moduleLookupsPerPoll);
    // The families are separate calls: one that fails loses only its own rows, and says so.
    const joined: JoinedRow[] = [];
    const unavailable: string[] = [];
    for (const family of ['ipv4', 'ipv6'] as const) {
      try {
        joined.push(...this.family(family));
      } catch (err) {
        unavailable.push(`${FAMILY_NAMES[family]} table unavailable: ${errorMessage(err)}`);
      }
    }
    this.modules.end();
    if (unavailable.length === 2) throw new Error(`cannot read any TCP table: ${unavailable.join('; ')}`);
    this.problems.unshift(...unavailable);
    const resolved = this.processes.resolve(joined.flatMap((j) => (j.row.pid === null ? [] : [j.row.pid])));
    return joined.map(({ row }) => {
      row.processName = this.processes.name(row.pid, resolved);
      return row;
    });
  }

  async processInfo(pid: number): Promise<ProcessInfo | null> {
    return this.processes.info(pid);
  }

  /** Reads the first table of `kinds` that works; the errors of those that did not. */
  private readFirst(kinds: TableKind[]): { table: DecodedTable | null; buf: Buffer | null; errors: string[] } {
    const errors: string[] = [];
    for (const kind of kinds) {
      try {
        const buf = this.deps.readTable(kind);
        const table = decodeTable(kind, buf);
        return { table, buf, errors };
      } catch (err) {
        errors.push(errorMessage(err));
      }
    }
    return { table: null, buf: null, errors };
  }

  private family(family: AddressFamily): JoinedRow[] {
    const plan = PLAN[family];
    const state = this.readFirst(plan.state);
    const extended = this.readFirst(plan.extended);
    if (!state.table && !extended.table) throw new Error([...state.errors, ...extended.errors].join('; '));
    for (const t of [state.table, extended.table]) if (t) this.used.push(t.layout.name);
    this.problems.push(...state.errors, ...extended.errors);

    const rows = joinTables(state.table?.entries ?? [], extended.table?.entries ?? []);
    const ext = extended.table;
    if (ext && ext.layout.row.fields.moduleInfo && extended.buf) {
      const buf = extended.buf;
      const size = ext.layout.row.size;
      for (const j of rows) {
        const e = j.extended;
        if (!e || j.row.pid === null || e.row.pid === null) continue;
        j.row.module = this.modules.label(family, e.row.pid, e.createTimestamp ?? 0n, identityKey(e.row), () =>
          Buffer.from(buf.subarray(e.offset, e.offset + size)),
        );
      }
    }
    return rows;
  }
}

/**
 * The layouts read through pointers (TCPIP_OWNER_MODULE_BASIC_INFO, PROCESSENTRY32W) are
 * the 64-bit ones: under a 32-bit node.exe a module path pointer would be read from string bytes
 * and dereferenced.
 */
const SUPPORTED_ARCHES: readonly string[] = ['x64', 'arm64'];

export interface Win32SourceOptions {
  /** The architecture of this Node.js (default process.arch). */
  arch?: string;
}

/** The source on Windows. Loads iphlpapi.dll / kernel32.dll through koffi (never on other OSes). */
export async function createWin32Source(options: Win32SourceOptions = {}): Promise<DataSource> {
  const arch = options.arch ?? process.arch;
  if (!SUPPORTED_ARCHES.includes(arch)) {
    throw new Error(
      `the Windows source needs a 64-bit Node.js (x64 or arm64): the structures it reads from Windows hold 64-bit pointers; this one is ${arch}`,
    );
  }
  const { TcpTableReader, ProcessReader, OwnerModuleReader } = await import('./iphlpapi');
  const tables = new TcpTableReader();
  return new Win32Source({
    readTable: (kind) => tables.read(kind),
    processes: new ProcessReader(),
    modules: new OwnerModuleReader(),
  });
}
