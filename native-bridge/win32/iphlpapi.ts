/**
 * koffi bindings to iphlpapi.dll, kernel32.dll and advapi32.dll. Windows only: nothing here runs at import
 * time; the libraries are loaded on first use, and only source.ts / dump-raw load this module.
 * The FFI stays here; the bytes these calls write are decoded by the pure decoders.
 */
import koffi from 'koffi';
import { decodeOwnerModuleBasicInfo, readWideString, type OwnerModule } from './decode-module-info';
import { accountName, sidText, tokenUserSid } from './decode-token';
import { PROCESSENTRY32W, TABLES, type TableKind } from './layouts';
import type { ProcessDetails, ProcessQuery, ToolhelpProcess } from './process-cache';
import { TableBuffer, Win32Error, type SizedCall } from './sizing';
import { ERROR_NOT_SUPPORTED } from './win32-errors';

type Fn = (...args: unknown[]) => unknown;

const AF_INET = 2;
const AF_INET6 = 23;
const TCP_TABLE_OWNER_PID_ALL = 5;
const TCP_TABLE_OWNER_MODULE_ALL = 8;
const TCPIP_OWNER_MODULE_INFO_BASIC = 0;
/** bOrder / Order: sorted tables, so dumps and `list` are stable. */
const SORTED = 1;

let iphlpapi: ReturnType<typeof koffi.load> | null = null;
const resolved = new Map<string, Fn | null>();

function library() {
  iphlpapi ??= koffi.load('iphlpapi.dll');
  return iphlpapi;
}

/**
 * An export, resolved on first use; null when the DLL does not export it (Wine lacks
 * GetOwnerModuleFromTcp*Entry; old systems lack GetTcp6Table2). Never throws for a missing export.
 */
function optional(name: string, prototype: string): Fn | null {
  if (!resolved.has(name)) {
    let fn: Fn | null = null;
    try {
      fn = library().func(prototype) as Fn;
    } catch {
      fn = null;
    }
    resolved.set(name, fn);
  }
  return resolved.get(name) ?? null;
}

const PROTOTYPES = {
  GetTcpTable2: 'uint32_t __stdcall GetTcpTable2(void *TcpTable, void *SizePointer, int Order)',
  GetTcp6Table2: 'uint32_t __stdcall GetTcp6Table2(void *TcpTable, void *SizePointer, int Order)',
  GetTcp6Table: 'uint32_t __stdcall GetTcp6Table(void *TcpTable, void *SizePointer, int Order)',
  GetExtendedTcpTable:
    'uint32_t __stdcall GetExtendedTcpTable(void *pTcpTable, void *pdwSize, int bOrder, uint32_t ulAf, int TableClass, uint32_t Reserved)',
  GetOwnerModuleFromTcpEntry:
    'uint32_t __stdcall GetOwnerModuleFromTcpEntry(void *pTcpEntry, int Class, void *pBuffer, void *pdwSize)',
  GetOwnerModuleFromTcp6Entry:
    'uint32_t __stdcall GetOwnerModuleFromTcp6Entry(void *pTcpEntry, int Class, void *pBuffer, void *pdwSize)',
  SetTcpEntry: 'uint32_t __stdcall SetTcpEntry(void *pTcpRow)',
} as const;
type ExportName = keyof typeof PROTOTYPES;

const fn = (name: ExportName) => optional(name, PROTOTYPES[name]);

/** Whether iphlpapi.dll exports a function (resolving it if not yet done). */
export function hasExport(name: ExportName): boolean {
  return fn(name) !== null;
}

type TableCall = { fn: ExportName; label: string; call: (f: Fn) => SizedCall };

const FAMILIES = { AF_INET, AF_INET6 } as const;
const TABLE_CLASSES = { TCP_TABLE_OWNER_PID_ALL, TCP_TABLE_OWNER_MODULE_ALL } as const;

/** GetExtendedTcpTable for one family and table class, labelled by their names for error messages. */
function extendedTable(family: keyof typeof FAMILIES, tableClass: keyof typeof TABLE_CLASSES): TableCall {
  return {
    fn: 'GetExtendedTcpTable',
    label: `GetExtendedTcpTable(${family}, ${tableClass})`,
    call: (f) => (b, s) => f(b, s, SORTED, FAMILIES[family], TABLE_CLASSES[tableClass], 0) as number,
  };
}

/** The call behind each table kind: which export, with which arguments. */
const TABLE_CALLS: Record<TableKind, TableCall> = {
  'tcp-table2': { fn: 'GetTcpTable2', label: 'GetTcpTable2', call: (f) => (b, s) => f(b, s, SORTED) as number },
  'tcp6-table2': { fn: 'GetTcp6Table2', label: 'GetTcp6Table2', call: (f) => (b, s) => f(b, s, SORTED) as number },
  'tcp6-table': { fn: 'GetTcp6Table', label: 'GetTcp6Table', call: (f) => (b, s) => f(b, s, SORTED) as number },
  'tcp-owner-pid': extendedTable('AF_INET', 'TCP_TABLE_OWNER_PID_ALL'),
  'tcp6-owner-pid': extendedTable('AF_INET6', 'TCP_TABLE_OWNER_PID_ALL'),
  'tcp-owner-module': extendedTable('AF_INET', 'TCP_TABLE_OWNER_MODULE_ALL'),
  'tcp6-owner-module': extendedTable('AF_INET6', 'TCP_TABLE_OWNER_MODULE_ALL'),
};

export const tableCallName = (kind: TableKind) => TABLE_CALLS[kind].label;

/** GetExtendedTcpTable with any address family and class, through the sizing protocol (diagnostics, tests). */
export function readExtendedTcpTable(af: number, tableClass: number, initialBytes = 4096): Buffer {
  const f = fn('GetExtendedTcpTable');
  const label = `GetExtendedTcpTable(${af}, ${tableClass})`;
  if (!f) throw new Win32Error(label, ERROR_NOT_SUPPORTED, 'iphlpapi.dll does not export GetExtendedTcpTable');
  return new TableBuffer(initialBytes).fill(label, (b, s) => f(b, s, SORTED, af, tableClass, 0) as number);
}

/**
 * Reads the tables, one buffer per table kept across polls. `read` returns the buffer the call
 * filled (valid until the next read of the same kind); a missing export is ERROR_NOT_SUPPORTED.
 */
export class TcpTableReader {
  private readonly buffers = new Map<TableKind, TableBuffer>();

  /** `initialBytes`: the first buffer of each table (default: room for 256 rows). */
  constructor(private readonly initialBytes?: number) {}

  read(kind: TableKind): Buffer {
    const spec = TABLE_CALLS[kind];
    const f = fn(spec.fn);
    if (!f) throw new Win32Error(spec.label, ERROR_NOT_SUPPORTED, `iphlpapi.dll does not export ${spec.fn}`);
    let tb = this.buffers.get(kind);
    if (!tb) {
      // Room for a few hundred rows: most machines need one call.
      tb = new TableBuffer(this.initialBytes ?? Math.max(16 * 1024, TABLES[kind].rowsOffset + 256 * TABLES[kind].row.size));
      this.buffers.set(kind, tb);
    }
    return tb.fill(spec.label, spec.call(f));
  }
}

/** SetTcpEntry with a MIB_TCPROW's bytes (close-connection.ts builds them): its result; ERROR_NOT_SUPPORTED without the export. */
export function setTcpEntry(row: Buffer): number {
  const f = fn('SetTcpEntry');
  return f ? (f(row) as number) : ERROR_NOT_SUPPORTED;
}

/**
 * GetOwnerModuleFromTcpEntry / GetOwnerModuleFromTcp6Entry for one OWNER_MODULE row (its bytes).
 * Returns null when the export is missing (Wine) or the call has no answer (ERROR_NOT_FOUND for
 * PID 0/4, ERROR_PARTIAL_COPY, access denied...): the row then has no module, not an error.
 */
export class OwnerModuleReader {
  private buf = Buffer.alloc(2048);
  private readonly size = Buffer.alloc(4);

  available(family: 'ipv4' | 'ipv6'): boolean {
    return fn(family === 'ipv4' ? 'GetOwnerModuleFromTcpEntry' : 'GetOwnerModuleFromTcp6Entry') !== null;
  }

  lookup(family: 'ipv4' | 'ipv6', row: Buffer): OwnerModule | null {
    const f = fn(family === 'ipv4' ? 'GetOwnerModuleFromTcpEntry' : 'GetOwnerModuleFromTcp6Entry');
    if (!f) return null;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.size.writeUInt32LE(this.buf.length, 0);
      const rc = f(row, TCPIP_OWNER_MODULE_INFO_BASIC, this.buf, this.size) as number;
      if (rc === 0) {
        const buf = this.buf;
        return decodeOwnerModuleBasicInfo(buf, koffi.address(buf), (p) => koffi.decode.string16(p) as string);
      }
      if (rc !== 122) return null;
      this.buf = Buffer.alloc(Math.max(this.size.readUInt32LE(0), this.buf.length * 2));
    }
    return null;
  }
}

// ---- kernel32 and advapi32: process name, image path, creation time, user ----

const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const TH32CS_SNAPPROCESS = 0x2;
const INVALID_HANDLE_VALUE = 0xffff_ffff_ffff_ffffn;

/**
 * A DLL's functions, loaded and declared on first use (never on other OSes: nothing here runs at
 * import time).
 */
function lazyLibrary<K extends string>(dll: string, prototypes: Record<K, string>): () => Record<K, Fn> {
  let fns: Record<K, Fn> | null = null;
  return () => {
    if (!fns) {
      const lib = koffi.load(dll);
      fns = Object.fromEntries(Object.entries<string>(prototypes).map(([name, p]) => [name, lib.func(p) as Fn])) as Record<K, Fn>;
    }
    return fns;
  };
}

const k32 = lazyLibrary('kernel32.dll', {
  OpenProcess: 'void * __stdcall OpenProcess(uint32_t dwDesiredAccess, int bInheritHandle, uint32_t dwProcessId)',
  CloseHandle: 'int __stdcall CloseHandle(void *hObject)',
  QueryFullProcessImageNameW:
    'int __stdcall QueryFullProcessImageNameW(void *hProcess, uint32_t dwFlags, void *lpExeName, void *lpdwSize)',
  GetProcessTimes:
    'int __stdcall GetProcessTimes(void *hProcess, void *lpCreationTime, void *lpExitTime, void *lpKernelTime, void *lpUserTime)',
  CreateToolhelp32Snapshot: 'void * __stdcall CreateToolhelp32Snapshot(uint32_t dwFlags, uint32_t th32ProcessID)',
  Process32FirstW: 'int __stdcall Process32FirstW(void *hSnapshot, void *lppe)',
  Process32NextW: 'int __stdcall Process32NextW(void *hSnapshot, void *lppe)',
});

const isHandle = (h: unknown): h is bigint => typeof h === 'bigint' && h !== 0n && h !== INVALID_HANDLE_VALUE;

const TOKEN_QUERY = 0x0008;
/** TOKEN_INFORMATION_CLASS TokenUser. */
const TOKEN_USER_CLASS = 1;
/** Room for any account and domain name LookupAccountSidW writes (UNLEN is 256; DNS domain names are longer than DNLEN). */
const ACCOUNT_CHARS = 512;

const adv = lazyLibrary('advapi32.dll', {
  OpenProcessToken: 'int __stdcall OpenProcessToken(void *ProcessHandle, uint32_t DesiredAccess, void *TokenHandle)',
  GetTokenInformation:
    'int __stdcall GetTokenInformation(void *TokenHandle, int TokenInformationClass, void *TokenInformation, uint32_t TokenInformationLength, void *ReturnLength)',
  LookupAccountSidW:
    'int __stdcall LookupAccountSidW(void *lpSystemName, void *Sid, void *Name, void *cchName, void *ReferencedDomainName, void *cchReferencedDomainName, void *peUse)',
});

/** The process calls, with buffers kept across calls. */
export class ProcessReader implements ProcessQuery {
  private readonly times = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)];
  private readonly name = Buffer.alloc(32768 * 2);
  private readonly nameSize = Buffer.alloc(4);
  private readonly token = Buffer.alloc(8);
  private tokenUser = Buffer.alloc(256);
  private readonly tokenUserSize = Buffer.alloc(4);
  private readonly account = [Buffer.alloc(ACCOUNT_CHARS * 2), Buffer.alloc(ACCOUNT_CHARS * 2)];
  private readonly accountSizes = [Buffer.alloc(4), Buffer.alloc(4)];
  private readonly sidUse = Buffer.alloc(4);
  /** SID text → `DOMAIN\user`: LookupAccountSidW may ask a domain controller, so each SID is asked once. */
  private readonly accounts = new Map<string, string>();

  /**
   * Opens the process with PROCESS_QUERY_LIMITED_INFORMATION and reads its creation time, and its
   * image path and user when `wantDetails(creation)` says so (not cached under that creation time).
   * Null when the process cannot be opened (gone, or access denied).
   */
  query(pid: number, wantDetails: (creation: bigint | null) => boolean): ProcessDetails | null {
    const k = k32();
    const h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
    if (!isHandle(h)) return null;
    try {
      let creation: bigint | null = null;
      if (k.GetProcessTimes(h, ...this.times)) creation = this.times[0].readBigUInt64LE(0);
      let path: string | null = null;
      let user: string | null = null;
      if (wantDetails(creation)) {
        this.nameSize.writeUInt32LE(this.name.length / 2, 0);
        if (k.QueryFullProcessImageNameW(h, 0, this.name, this.nameSize)) {
          path = this.name.toString('utf16le', 0, this.nameSize.readUInt32LE(0) * 2);
        }
        user = this.user(h);
      }
      return { creation, path, user };
    } finally {
      k.CloseHandle(h);
    }
  }

  /** The process token's user as `DOMAIN\user` (its SID where the name cannot be looked up); null where the token is denied. */
  private user(process: bigint): string | null {
    const a = adv();
    if (!a.OpenProcessToken(process, TOKEN_QUERY, this.token)) return null;
    const token = this.token.readBigUInt64LE(0);
    try {
      let ok = false;
      for (let attempt = 0; attempt < 2 && !ok; attempt++) {
        ok = !!a.GetTokenInformation(token, TOKEN_USER_CLASS, this.tokenUser, this.tokenUser.length, this.tokenUserSize);
        const needed = this.tokenUserSize.readUInt32LE(0);
        if (!ok && needed > this.tokenUser.length) this.tokenUser = Buffer.alloc(needed);
      }
      const sid = ok ? tokenUserSid(this.tokenUser, koffi.address(this.tokenUser)) : null;
      if (!sid) return null;
      const key = sidText(sid);
      let name = this.accounts.get(key);
      if (name === undefined) {
        name = this.lookupAccount(sid) ?? key;
        this.accounts.set(key, name);
      }
      return name;
    } finally {
      k32().CloseHandle(token);
    }
  }

  private lookupAccount(sid: Buffer): string | null {
    const [name, domain] = this.account;
    const [nameSize, domainSize] = this.accountSizes;
    nameSize.writeUInt32LE(ACCOUNT_CHARS, 0);
    domainSize.writeUInt32LE(ACCOUNT_CHARS, 0);
    if (!adv().LookupAccountSidW(null, sid, name, nameSize, domain, domainSize, this.sidUse)) return null;
    const text = (b: Buffer, size: Buffer) => b.toString('utf16le', 0, Math.min(size.readUInt32LE(0), ACCOUNT_CHARS) * 2);
    return accountName(text(domain, domainSize), text(name, nameSize));
  }

  /** Every process (Toolhelp snapshot): names where OpenProcess is denied, and parents. */
  processList(): Map<number, ToolhelpProcess> {
    const k = k32();
    const list = new Map<number, ToolhelpProcess>();
    const snap = k.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (!isHandle(snap)) return list;
    try {
      const { size, fields } = PROCESSENTRY32W;
      const entry = Buffer.alloc(size);
      entry.writeUInt32LE(size, fields.dwSize.offset);
      for (let ok = k.Process32FirstW(snap, entry); ok; ok = k.Process32NextW(snap, entry)) {
        const pid = entry.readUInt32LE(fields.th32ProcessID.offset);
        const exe = fields.szExeFile;
        list.set(pid, {
          name: readWideString(entry, exe.offset, exe.offset + exe.size),
          parentPid: entry.readUInt32LE(fields.th32ParentProcessID.offset),
        });
      }
    } finally {
      k.CloseHandle(snap);
    }
    return list;
  }
}
