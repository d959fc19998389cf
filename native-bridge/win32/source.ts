/**
 * The Windows data source: the IP Helper TCP tables (GetTcpTable2, GetTcp6Table2, GetExtendedTcpTable), joined into one row per
 * connection, with process names, the owning module / service, offload state and creation time.
 *
 *   state, PID, offload:  GetTcpTable2; GetTcp6Table2, or GetTcp6Table (no PID) where it is missing
 *   creation time, module: GetExtendedTcpTable TCP_TABLE_OWNER_MODULE_ALL, or OWNER_PID_ALL when
 *                          the module class fails; GetOwnerModuleFromTcp*Entry per new connection
 *   process name / path:  OpenProcess + QueryFullProcessImageNameW, cached by (pid, creation time)
 *   user:                 OpenProcessToken + GetTokenInformation(TokenUser) + LookupAccountSidW, cached with it
 *   close a connection:   SetTcpEntry(MIB_TCP_STATE_DELETE_TCB), IPv4 only
 *
 * The OS calls are injected (`Win32Deps`), so everything but the FFI is tested on any OS.
 */
import type { AddressFamily, DataSource, ProcessInfo, TcpRow } from '../../main/common/types';
import type { DecodedEntry } from './decode-tables';
import { identityKey } from '../../main/common/connection-identity';
import { ActionError, errorMessage } from '../../main/common/errors';
import { closeFailureReason, closeRefusal, deleteTcbRow } from './close-connection';
import { joinedRow, pairTables, type Pairing } from './join';
import type { TableKind } from './layouts';
import { ModuleCache, NO_MODULE, type ModuleLookup, type ModuleSlot } from './module-cache';
import { ProcessCache, type ProcessEntry, type ProcessQuery } from './process-cache';
import { NO_ERROR } from './sizing';
import { TableReuse, type ReusedTable } from './table-reuse';

export interface Win32Deps {
  /** The bytes one table call wrote (valid until the next read of the same kind); throws on failure. */
  readTable(kind: TableKind): Buffer;
  processes: ProcessQuery;
  modules: ModuleLookup;
  /** SetTcpEntry with one MIB_TCPROW's bytes: its result code. */
  setTcpEntry(row: Buffer): number;
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

/** One connection as the source keeps it from one poll to the next. */
interface Kept {
  /** Handed out as it is while nothing about the connection changes (rows are immutable). */
  readonly row: TcpRow;
  readonly module: ModuleSlot | null;
  /**
   * The row's PID and the process cache's entry its name and user came from: a steady poll
   * compares these (the cache hands back the same entry while the process is unchanged) without
   * reading the row, which is the cache miss that costs most a row.
   */
  readonly pid: number | null;
  readonly process: ProcessEntry | undefined;
}

/** One family's tables of this poll, paired. */
interface FamilyTables {
  family: AddressFamily;
  state: ReusedTable | null;
  extended: ReusedTable | null;
  /** The extended table's bytes (GetOwnerModuleFromTcp*Entry takes a row of them). */
  extendedBytes: Buffer | null;
  pairing: Pairing;
}

/** What one family's last poll produced, to hand back the same rows for unchanged connections. */
interface FamilyMemory {
  stateKind: TableKind | null;
  extendedKind: TableKind | null;
  pairing: Pairing;
  /** Per state entry of that poll: its connection. */
  ofState: Kept[];
  /** Per extended entry of that poll that no state entry had: its connection. */
  ofExtendedOnly: (Kept | undefined)[];
}

export class Win32Source implements DataSource {
  readonly kind = 'win32' as const;
  private readonly processes: ProcessCache;
  private readonly modules: ModuleCache;
  private readonly decoders = new Map<TableKind, TableReuse>();
  private readonly memory: Partial<Record<AddressFamily, FamilyMemory>> = {};
  /** Each family's rows of its last good read: shown again while its tables fail. */
  private readonly lastRows: Partial<Record<AddressFamily, TcpRow[]>> = {};
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
    // The families are separate calls: one that fails keeps its last good rows (its connections
    // are not reported closed for a failed read) and says so; the other family's are fresh.
    const read: FamilyTables[] = [];
    const unavailable: string[] = [];
    const failed: AddressFamily[] = [];
    for (const family of ['ipv4', 'ipv6'] as const) {
      try {
        read.push(this.readFamily(family));
      } catch (err) {
        failed.push(family);
        const kept = this.lastRows[family] ? ' (showing its last good rows)' : '';
        unavailable.push(`${FAMILY_NAMES[family]} table unavailable: ${errorMessage(err)}${kept}`);
      }
    }
    if (unavailable.length === 2) throw new Error(`cannot read any TCP table: ${unavailable.join('; ')}`);
    this.problems.unshift(...unavailable);

    const pids = new Set<number>();
    for (const t of read) addPids(t, pids);
    const resolved = this.processes.resolve(pids);
    const rows: TcpRow[] = [];
    this.modules.begin(this.moduleLookupsPerPoll);
    for (const t of read) {
      const familyRows: TcpRow[] = [];
      this.rowsOf(t, resolved, familyRows);
      this.lastRows[t.family] = familyRows;
      for (const row of familyRows) rows.push(row);
    }
    this.modules.end();
    for (const family of failed) for (const row of this.lastRows[family] ?? []) rows.push(row);
    return rows;
  }

  async processInfo(pid: number): Promise<ProcessInfo | null> {
    return this.processes.info(pid);
  }

  closeRefusal(family: AddressFamily): string | null {
    return closeRefusal(family);
  }

  /** SetTcpEntry(DELETE_TCB). Success means Windows took the request: the caller re-reads the table. */
  async closeConnection(row: TcpRow): Promise<void> {
    const rc = this.deps.setTcpEntry(deleteTcbRow(row));
    if (rc !== NO_ERROR) throw new ActionError(closeFailureReason(rc));
  }

  /** Reads the first table of `kinds` that works; the errors of those that did not. */
  private readFirst(kinds: TableKind[]): { table: ReusedTable | null; buf: Buffer | null; errors: string[] } {
    const errors: string[] = [];
    for (const kind of kinds) {
      try {
        const buf = this.deps.readTable(kind);
        let decoder = this.decoders.get(kind);
        if (!decoder) this.decoders.set(kind, (decoder = new TableReuse(kind)));
        return { table: decoder.decode(buf), buf, errors };
      } catch (err) {
        errors.push(errorMessage(err));
      }
    }
    return { table: null, buf: null, errors };
  }

  private readFamily(family: AddressFamily): FamilyTables {
    const plan = PLAN[family];
    const state = this.readFirst(plan.state);
    const extended = this.readFirst(plan.extended);
    if (!state.table && !extended.table) throw new Error([...state.errors, ...extended.errors].join('; '));
    for (const t of [state.table, extended.table]) if (t) this.used.push(t.layout.name);
    this.problems.push(...state.errors, ...extended.errors);
    const mem = this.memoryFor(family, state.table, extended.table);
    const pairing = pairTables(state.table ?? EMPTY, extended.table ?? EMPTY, mem?.pairing ?? null);
    return { family, state: state.table, extended: extended.table, extendedBytes: extended.buf, pairing };
  }

  /** Last poll's memory of a family, if it read the same tables. */
  private memoryFor(family: AddressFamily, state: ReusedTable | null, extended: ReusedTable | null): FamilyMemory | null {
    const mem = this.memory[family];
    return mem && mem.stateKind === (state?.kind ?? null) && mem.extendedKind === (extended?.kind ?? null) ? mem : null;
  }

  /** Appends one family's rows, reusing last poll's row of every connection that did not change. */
  private rowsOf(t: FamilyTables, resolved: ResolvedProcesses, out: TcpRow[]): void {
    const mem = this.memoryFor(t.family, t.state, t.extended);
    const ext = t.extended;
    const sEntries = t.state?.entries ?? [];
    const next: FamilyMemory = {
      stateKind: t.state?.kind ?? null,
      extendedKind: t.extended?.kind ?? null,
      pairing: t.pairing,
      ofState: new Array<Kept>(sEntries.length),
      ofExtendedOnly: [],
    };
    const { partnerOfState, extendedOnly } = t.pairing;
    const previousIndex = t.state?.previousIndex;
    for (let i = 0; i < sEntries.length; i++) {
      const m = partnerOfState[i];
      let before: Kept | undefined;
      const k = mem && previousIndex ? previousIndex[i] : -1;
      if (mem && k >= 0) {
        const was = mem.pairing.partnerOfState[k];
        // The same connection only if it is paired as before: with the same extended entry, or with none again.
        if (was === -1 ? m === -1 : m >= 0 && ext !== null && ext.currentIndexOf[was] === m) before = mem.ofState[k];
      }
      // The steady case, kept short: same entries, module known, same process entry.
      const kept =
        before !== undefined &&
        before.module !== null &&
        (before.pid === null ? undefined : resolved.get(before.pid)) === before.process
          ? (this.modules.touch(before.module), before)
          : this.connection(t, sEntries[i], m >= 0 && ext ? ext.entries[m] : null, before, resolved);
      next.ofState[i] = kept;
      out.push(kept.row);
    }
    if (ext) {
      for (const m of extendedOnly) {
        const k = mem ? ext.previousIndex[m] : -1;
        const kept = this.connection(t, null, ext.entries[m], k >= 0 ? mem?.ofExtendedOnly[k] : undefined, resolved);
        next.ofExtendedOnly[m] = kept;
        out.push(kept.row);
      }
    }
    this.memory[t.family] = next;
  }

  /** One connection's row: `before` (last poll's, same table entries) as it is if nothing derived changed. */
  private connection(
    t: FamilyTables,
    s: DecodedEntry | null,
    e: DecodedEntry | null,
    before: Kept | undefined,
    resolved: ResolvedProcesses,
  ): Kept {
    const pid = s?.row.pid ?? e?.row.pid ?? null;
    const proc = pid === null ? undefined : resolved.get(pid);
    const name = proc?.name ?? null;
    const user = proc?.user ?? null;
    let slot = before?.module ?? null;
    let module: string | null = null;
    if (slot) module = this.modules.touch(slot);
    else if (e && pid !== null && e.row.pid !== null && t.extended?.layout.row.fields.moduleInfo && t.extendedBytes) {
      const bytes = t.extendedBytes;
      const size = t.extended.layout.row.size;
      slot = this.modules.slot(t.family, e.row.pid, e.createTimestamp ?? 0n, identityKey(e.row), () =>
        Buffer.from(bytes.subarray(e.offset, e.offset + size)),
      );
      module = slot?.label ?? null;
    } else slot = NO_MODULE; // nothing to ask: the row has no module, now or later
    if (before && before.row.processName === name && before.row.module === module && before.row.user === user) {
      return before.module === slot && before.process === proc ? before : { row: before.row, module: slot, pid, process: proc };
    }
    const row = before ? { ...before.row } : joinedRow(s, e);
    row.processName = name;
    row.module = module;
    row.user = user;
    return { row, module: slot, pid, process: proc };
  }
}

const EMPTY = { entries: [] };

type ResolvedProcesses = Map<number, ProcessEntry>;

/** Adds the PID of every connection of a family's paired tables. */
function addPids(t: FamilyTables, pids: Set<number>): void {
  const s = t.state?.entries ?? [];
  const e = t.extended?.entries ?? [];
  let last = -1;
  for (let i = 0; i < s.length; i++) {
    const m = t.pairing.partnerOfState[i];
    const pid = s[i].row.pid ?? (m >= 0 ? e[m].row.pid : null);
    // Rows of one process come in runs: skip the Set for a repeat.
    if (pid !== null && pid !== last) pids.add((last = pid));
  }
  for (const m of t.pairing.extendedOnly) {
    const pid = e[m].row.pid;
    if (pid !== null) pids.add(pid);
  }
}

/**
 * The layouts read through pointers (TCPIP_OWNER_MODULE_BASIC_INFO, PROCESSENTRY32W, TOKEN_USER) are
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
  const { TcpTableReader, ProcessReader, OwnerModuleReader, setTcpEntry } = await import('./iphlpapi');
  const tables = new TcpTableReader();
  return new Win32Source({
    readTable: (kind) => tables.read(kind),
    processes: new ProcessReader(),
    modules: new OwnerModuleReader(),
    setTcpEntry,
  });
}
