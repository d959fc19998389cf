/**
 * The byte layouts of the IP Helper TCP tables (MIB_TCPTABLE2, MIB_TCP6TABLE2, MIB_TCP6TABLE, the
 * OWNER_PID and OWNER_MODULE tables; tcpmib.h), declared once.
 *
 * Every decoder reads fields through these tables, never through offsets of its own. The layouts
 * follow the C rules for x86/x64 Windows: DWORD/enum fields are 4 bytes aligned to 4, IN6_ADDR and
 * UCHAR[16] are 16 bytes aligned to 1 or 2, LARGE_INTEGER and ULONGLONG are 8 bytes aligned to 8.
 * So the rows with a LARGE_INTEGER (the OWNER_MODULE rows) are 8-aligned, and their tables have
 * 4 bytes of padding after dwNumEntries: rows start at offset 8. The other tables' rows start at 4.
 * `layouts.test.ts` checks these numbers against koffi's C struct layout engine and against the
 * documented sizes; the test fixtures are written from separate explicit offsets (fixture-writer.ts).
 */

export type FieldType =
  /** DWORD, little-endian (state, pid, offload state). */
  | 'u32'
  /** DWORD holding an `in_addr`: the address bytes in network order. */
  | 'in_addr'
  /** DWORD holding a port in network byte order in its low 16 bits (first two bytes in memory). */
  | 'port'
  /** DWORD scope id (`dwLocalScopeId` / `dwRemoteScopeId`); see readScopeId for its byte order. */
  | 'scope'
  /** IN6_ADDR / UCHAR[16], network order. */
  | 'in6_addr'
  /** LARGE_INTEGER holding a FILETIME, little-endian. */
  | 'filetime'
  /** ULONGLONG[TCPIP_OWNING_MODULE_SIZE]: opaque. */
  | 'opaque';

export interface Field {
  /** The member's name in the C header. */
  readonly cName: string;
  readonly offset: number;
  readonly size: number;
  readonly type: FieldType;
}

/** What a field means, whichever struct it is in: the decoders read fields by role. */
export type FieldRole =
  | 'state'
  | 'localAddr'
  | 'localScopeId'
  | 'localPort'
  | 'remoteAddr'
  | 'remoteScopeId'
  | 'remotePort'
  | 'pid'
  | 'offloadState'
  | 'createTimestamp'
  | 'moduleInfo';

export interface RowLayout {
  /** The C struct name. */
  readonly name: string;
  /** sizeof(row): the stride between rows. */
  readonly size: number;
  /** The row's alignment: where the first row starts after the 4-byte dwNumEntries. */
  readonly align: number;
  readonly fields: Readonly<Partial<Record<FieldRole, Field>>>;
}

const u32 = (offset: number, cName: string): Field => ({ cName, offset, size: 4, type: 'u32' });
const inAddr = (offset: number, cName: string): Field => ({ cName, offset, size: 4, type: 'in_addr' });
const port = (offset: number, cName: string): Field => ({ cName, offset, size: 4, type: 'port' });
const scope = (offset: number, cName: string): Field => ({ cName, offset, size: 4, type: 'scope' });
const in6 = (offset: number, cName: string): Field => ({ cName, offset, size: 16, type: 'in6_addr' });
const filetime = (offset: number, cName: string): Field => ({ cName, offset, size: 8, type: 'filetime' });
/** TCPIP_OWNING_MODULE_SIZE (16) ULONGLONGs. */
const moduleInfo = (offset: number, cName: string): Field => ({ cName, offset, size: 16 * 8, type: 'opaque' });

/**
 * MIB_TCPROW (tcpmib.h): the row SetTcpEntry takes. dwState is MIB_TCP_STATE_DELETE_TCB (12) to
 * close a connection, the only state an application may set; the other members name it. The
 * other IPv4 rows begin with its members, at the same offsets.
 */
export const MIB_TCPROW = {
  name: 'MIB_TCPROW',
  size: 20,
  align: 4,
  fields: {
    state: u32(0, 'dwState'),
    localAddr: inAddr(4, 'dwLocalAddr'),
    localPort: port(8, 'dwLocalPort'),
    remoteAddr: inAddr(12, 'dwRemoteAddr'),
    remotePort: port(16, 'dwRemotePort'),
  },
} as const satisfies RowLayout;

/** MIB_TCPROW2 (GetTcpTable2): MIB_TCPROW's members, then the PID and offload state. */
export const MIB_TCPROW2 = {
  name: 'MIB_TCPROW2',
  size: 28,
  align: 4,
  fields: {
    ...MIB_TCPROW.fields,
    pid: u32(20, 'dwOwningPid'),
    offloadState: u32(24, 'dwOffloadState'),
  },
} as const satisfies RowLayout;

/** MIB_TCP6ROW2 (GetTcp6Table2). */
export const MIB_TCP6ROW2 = {
  name: 'MIB_TCP6ROW2',
  size: 60,
  align: 4,
  fields: {
    localAddr: in6(0, 'LocalAddr'),
    localScopeId: scope(16, 'dwLocalScopeId'),
    localPort: port(20, 'dwLocalPort'),
    remoteAddr: in6(24, 'RemoteAddr'),
    remoteScopeId: scope(40, 'dwRemoteScopeId'),
    remotePort: port(44, 'dwRemotePort'),
    state: u32(48, 'State'),
    pid: u32(52, 'dwOwningPid'),
    offloadState: u32(56, 'dwOffloadState'),
  },
} as const satisfies RowLayout;

/** MIB_TCP6ROW (GetTcp6Table): no PID. */
export const MIB_TCP6ROW = {
  name: 'MIB_TCP6ROW',
  size: 52,
  align: 4,
  fields: {
    state: u32(0, 'State'),
    localAddr: in6(4, 'LocalAddr'),
    localScopeId: scope(20, 'dwLocalScopeId'),
    localPort: port(24, 'dwLocalPort'),
    remoteAddr: in6(28, 'RemoteAddr'),
    remoteScopeId: scope(44, 'dwRemoteScopeId'),
    remotePort: port(48, 'dwRemotePort'),
  },
} as const satisfies RowLayout;

/** MIB_TCPROW_OWNER_PID (GetExtendedTcpTable, AF_INET, TCP_TABLE_OWNER_PID_*): MIB_TCPROW's members, then the PID. */
export const MIB_TCPROW_OWNER_PID = {
  name: 'MIB_TCPROW_OWNER_PID',
  size: 24,
  align: 4,
  fields: {
    ...MIB_TCPROW.fields,
    pid: u32(20, 'dwOwningPid'),
  },
} as const satisfies RowLayout;

/** MIB_TCP6ROW_OWNER_PID (GetExtendedTcpTable, AF_INET6, TCP_TABLE_OWNER_PID_*). */
export const MIB_TCP6ROW_OWNER_PID = {
  name: 'MIB_TCP6ROW_OWNER_PID',
  size: 56,
  align: 4,
  fields: {
    localAddr: in6(0, 'ucLocalAddr'),
    localScopeId: scope(16, 'dwLocalScopeId'),
    localPort: port(20, 'dwLocalPort'),
    remoteAddr: in6(24, 'ucRemoteAddr'),
    remoteScopeId: scope(40, 'dwRemoteScopeId'),
    remotePort: port(44, 'dwRemotePort'),
    state: u32(48, 'dwState'),
    pid: u32(52, 'dwOwningPid'),
  },
} as const satisfies RowLayout;

/**
 * MIB_TCPROW_OWNER_MODULE (GetExtendedTcpTable, AF_INET, TCP_TABLE_OWNER_MODULE_*): the
 * OWNER_PID row's members at the same offsets, then the creation time and module info.
 */
export const MIB_TCPROW_OWNER_MODULE = {
  name: 'MIB_TCPROW_OWNER_MODULE',
  size: 160,
  align: 8,
  fields: {
    ...MIB_TCPROW_OWNER_PID.fields,
    createTimestamp: filetime(24, 'liCreateTimestamp'),
    moduleInfo: moduleInfo(32, 'OwningModuleInfo'),
  },
} as const satisfies RowLayout;

/**
 * MIB_TCP6ROW_OWNER_MODULE (GetExtendedTcpTable, AF_INET6, TCP_TABLE_OWNER_MODULE_*): the
 * OWNER_PID row's members at the same offsets, then the creation time and module info.
 */
export const MIB_TCP6ROW_OWNER_MODULE = {
  name: 'MIB_TCP6ROW_OWNER_MODULE',
  size: 192,
  align: 8,
  fields: {
    ...MIB_TCP6ROW_OWNER_PID.fields,
    createTimestamp: filetime(56, 'liCreateTimestamp'),
    moduleInfo: moduleInfo(64, 'OwningModuleInfo'),
  },
} as const satisfies RowLayout;

/** TCPIP_OWNER_MODULE_BASIC_INFO (x64): two PWCHARs; the strings follow in the same buffer. */
export const TCPIP_OWNER_MODULE_BASIC_INFO = {
  name: 'TCPIP_OWNER_MODULE_BASIC_INFO',
  size: 16,
  align: 8,
  fields: {
    pModuleName: { cName: 'pModuleName', offset: 0, size: 8, type: 'opaque' },
    pModulePath: { cName: 'pModulePath', offset: 8, size: 8, type: 'opaque' },
  },
} as const;

/**
 * PROCESSENTRY32W (tlhelp32.h) on x64, for process names where OpenProcess is denied, and parents: DWORD dwSize,
 * cntUsage, th32ProcessID; ULONG_PTR th32DefaultHeapID (8-aligned: offset 16); DWORD th32ModuleID,
 * cntThreads, th32ParentProcessID; LONG pcPriClassBase; DWORD dwFlags; WCHAR szExeFile[260] at 44;
 * 564 bytes, padded to 568.
 */
export const PROCESSENTRY32W = {
  name: 'PROCESSENTRY32W',
  size: 568,
  align: 8,
  fields: {
    dwSize: { cName: 'dwSize', offset: 0, size: 4, type: 'u32' },
    th32ProcessID: { cName: 'th32ProcessID', offset: 8, size: 4, type: 'u32' },
    th32ParentProcessID: { cName: 'th32ParentProcessID', offset: 32, size: 4, type: 'u32' },
    szExeFile: { cName: 'szExeFile', offset: 44, size: 520, type: 'opaque' },
  },
} as const;

/** The tables: `DWORD dwNumEntries;` then the rows, from the row alignment on. */
export interface TableLayout {
  readonly kind: TableKind;
  /** The C struct name of the table. */
  readonly name: string;
  /** Where the rows start: 4 bytes of dwNumEntries, padded to the row alignment. */
  readonly rowsOffset: number;
  readonly row: RowLayout;
  readonly family: 'ipv4' | 'ipv6';
}

export const TABLE_KINDS = [
  'tcp-table2',
  'tcp6-table2',
  'tcp6-table',
  'tcp-owner-pid',
  'tcp6-owner-pid',
  'tcp-owner-module',
  'tcp6-owner-module',
] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

/** dwNumEntries is the table's first DWORD. */
export const NUM_ENTRIES_SIZE = 4;

const table = (kind: TableKind, name: string, row: RowLayout): TableLayout => ({
  kind,
  name,
  rowsOffset: Math.ceil(NUM_ENTRIES_SIZE / row.align) * row.align,
  row,
  family: row.fields.localAddr?.type === 'in6_addr' ? 'ipv6' : 'ipv4',
});

export const TABLES: Readonly<Record<TableKind, TableLayout>> = {
  'tcp-table2': table('tcp-table2', 'MIB_TCPTABLE2', MIB_TCPROW2),
  'tcp6-table2': table('tcp6-table2', 'MIB_TCP6TABLE2', MIB_TCP6ROW2),
  'tcp6-table': table('tcp6-table', 'MIB_TCP6TABLE', MIB_TCP6ROW),
  'tcp-owner-pid': table('tcp-owner-pid', 'MIB_TCPTABLE_OWNER_PID', MIB_TCPROW_OWNER_PID),
  'tcp6-owner-pid': table('tcp6-owner-pid', 'MIB_TCP6TABLE_OWNER_PID', MIB_TCP6ROW_OWNER_PID),
  'tcp-owner-module': table('tcp-owner-module', 'MIB_TCPTABLE_OWNER_MODULE', MIB_TCPROW_OWNER_MODULE),
  'tcp6-owner-module': table('tcp6-owner-module', 'MIB_TCP6TABLE_OWNER_MODULE', MIB_TCP6ROW_OWNER_MODULE),
};

export function isTableKind(value: string): value is TableKind {
  return (TABLE_KINDS as readonly string[]).includes(value);
}

/** The bytes a table of `count` rows occupies: what a call writes, and what `dump-raw` saves. */
export function tableByteLength(layout: TableLayout, count: number): number {
  return layout.rowsOffset + count * layout.row.size;
}
