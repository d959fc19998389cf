import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED } from './testing/fixture-writer';
import {
  MIB_TCPROW,
  PROCESSENTRY32W,
  TABLES,
  TABLE_KINDS,
  TCPIP_OWNER_MODULE_BASIC_INFO,
  type Field,
  type RowLayout,
} from './layouts';

/** The C type of a field, for koffi's independent C layout engine. */
function cType(field: Field) {
  switch (field.type) {
    case 'u32':
    case 'in_addr':
    case 'port':
    case 'scope':
      return 'uint32_t';
    case 'in6_addr':
      // IN6_ADDR is a union of UCHAR[16] and USHORT[8]: 16 bytes, 2-aligned.
      return koffi.array('uint16_t', 8);
    case 'filetime':
      return 'int64_t';
    case 'opaque':
      return koffi.array('uint64_t', field.size / 8);
  }
}

let n = 0;
/** The row declared to koffi as a C struct from the fields' order and C types alone (no offsets). */
function koffiStruct(row: RowLayout) {
  const members = Object.values(row.fields).sort((a, b) => a.offset - b.offset);
  const def: Record<string, ReturnType<typeof cType>> = {};
  for (const m of members) def[m.cName] = cType(m);
  return koffi.struct(`${row.name}_check${n++}`, def);
}

describe('layouts', () => {
  it('have the documented row sizes and first-row offsets', () => {
    for (const kind of TABLE_KINDS) {
      expect({ kind, rowsAt: TABLES[kind].rowsOffset, stride: TABLES[kind].row.size }).toEqual({ kind, ...DOCUMENTED[kind] });
    }
    expect(TABLES['tcp-table2'].row.size).toBe(28);
    expect(TABLES['tcp6-table2'].row.size).toBe(60);
    expect(TABLES['tcp6-table'].row.size).toBe(52);
    expect(TABLES['tcp-owner-pid'].row.size).toBe(24);
    expect(TABLES['tcp6-owner-pid'].row.size).toBe(56);
    expect(TABLES['tcp-owner-module'].row.size).toBe(160);
    expect(TABLES['tcp6-owner-module'].row.size).toBe(192);
    expect(TABLES['tcp-owner-module'].rowsOffset).toBe(8);
    expect(TABLES['tcp6-owner-module'].rowsOffset).toBe(8);
  });

  it.each(TABLE_KINDS)('%s: every offset, the size and the alignment agree with the C layout rules (koffi)', (kind) => {
    const row = TABLES[kind].row;
    const S = koffiStruct(row);
    expect(koffi.sizeof(S)).toBe(row.size);
    expect(koffi.alignof(S)).toBe(row.align);
    for (const f of Object.values(row.fields)) {
      expect({ field: f.cName, offset: koffi.offsetof(S, f.cName) }).toEqual({ field: f.cName, offset: f.offset });
    }
    // The table: DWORD dwNumEntries, then the row array (ANY_SIZE = 1).
    const T = koffi.struct(`${row.name}_table${n++}`, { dwNumEntries: 'uint32_t', table: koffi.array(S, 1) });
    expect(koffi.offsetof(T, 'table')).toBe(TABLES[kind].rowsOffset);
  });

  it.each(TABLE_KINDS)('%s: fields do not overlap and fit in the row', (kind) => {
    const row = TABLES[kind].row;
    const fields = Object.values(row.fields).sort((a, b) => a.offset - b.offset);
    for (let i = 0; i < fields.length; i++) {
      expect(fields[i].offset + fields[i].size).toBeLessThanOrEqual(i + 1 < fields.length ? fields[i + 1].offset : row.size);
    }
  });

  it('family follows the address type', () => {
    expect(TABLE_KINDS.map((k) => TABLES[k].family)).toEqual(['ipv4', 'ipv6', 'ipv6', 'ipv4', 'ipv6', 'ipv4', 'ipv6']);
  });

  it("MIB_TCPROW (SetTcpEntry's row) agrees with the C layout rules (koffi) and is 20 bytes", () => {
    const S = koffiStruct(MIB_TCPROW);
    expect([koffi.sizeof(S), MIB_TCPROW.size]).toEqual([20, 20]);
    for (const f of Object.values(MIB_TCPROW.fields)) {
      expect({ field: f.cName, offset: koffi.offsetof(S, f.cName) }).toEqual({ field: f.cName, offset: f.offset });
    }
  });

  it('TCPIP_OWNER_MODULE_BASIC_INFO and PROCESSENTRY32W match the x64 C layout', () => {
    const B = koffi.struct(`TCPIP_OWNER_MODULE_BASIC_INFO_check`, { pModuleName: 'void *', pModulePath: 'void *' });
    expect(koffi.sizeof(B)).toBe(TCPIP_OWNER_MODULE_BASIC_INFO.size);
    expect(koffi.offsetof(B, 'pModulePath')).toBe(TCPIP_OWNER_MODULE_BASIC_INFO.fields.pModulePath.offset);
    const P = koffi.struct('PROCESSENTRY32W_check', {
      dwSize: 'uint32_t',
      cntUsage: 'uint32_t',
      th32ProcessID: 'uint32_t',
      th32DefaultHeapID: 'uint64_t', // ULONG_PTR on x64
      th32ModuleID: 'uint32_t',
      cntThreads: 'uint32_t',
      th32ParentProcessID: 'uint32_t',
      pcPriClassBase: 'int32_t',
      dwFlags: 'uint32_t',
      szExeFile: koffi.array('uint16_t', 260),
    });
    expect(koffi.sizeof(P)).toBe(PROCESSENTRY32W.size);
    expect(koffi.offsetof(P, 'th32ProcessID')).toBe(PROCESSENTRY32W.fields.th32ProcessID.offset);
    expect(koffi.offsetof(P, 'th32ParentProcessID')).toBe(PROCESSENTRY32W.fields.th32ParentProcessID.offset);
    expect(koffi.offsetof(P, 'szExeFile')).toBe(PROCESSENTRY32W.fields.szExeFile.offset);
  });
});
