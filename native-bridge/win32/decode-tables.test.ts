import { describe, expect, it } from 'vitest';
import { OFFLOAD_STATES, TCP_STATES } from '../../main/common/types';
import { decodeTable, TableFormatError } from './decode-tables';
import { DOCUMENTED, filetimeOf, v4, v6, writeFixture, type FixtureKind, type FixtureRow } from './testing/fixture-writer';

const V4: FixtureKind[] = ['tcp-table2', 'tcp-owner-pid', 'tcp-owner-module'];
const V6: FixtureKind[] = ['tcp6-table2', 'tcp6-table', 'tcp6-owner-pid', 'tcp6-owner-module'];
const ALL: FixtureKind[] = [...V4, ...V6];

const HAS_PID = new Set<FixtureKind>([
  'tcp-table2',
  'tcp6-table2',
  'tcp-owner-pid',
  'tcp6-owner-pid',
  'tcp-owner-module',
  'tcp6-owner-module',
]);
const HAS_OFFLOAD = new Set<FixtureKind>(['tcp-table2', 'tcp6-table2']);
const HAS_TIME = new Set<FixtureKind>(['tcp-owner-module', 'tcp6-owner-module']);

const isV6 = (k: FixtureKind) => V6.includes(k);

/** A row for either family: 10.1.2.3:4000 → 192.168.7.9:443, or their IPv6 counterparts. */
function sample(kind: FixtureKind, over: Partial<FixtureRow> = {}): FixtureRow {
  return {
    state: 5,
    local: isV6(kind) ? v6('2001:db8:0:0:0:0:0:1') : v4('10.1.2.3'),
    localPort: 4000,
    remote: isV6(kind) ? v6('2001:db8:0:0:0:0:0:2') : v4('192.168.7.9'),
    remotePort: 443,
    pid: 1234,
    ...over,
  };
}

describe.each(ALL)('%s', (kind) => {
  it('decodes every state 1..12 to its name, in order', () => {
    const rows = TCP_STATES.map((_, i) => sample(kind, { state: i + 1, localPort: 1000 + i, pid: 100 + i }));
    const t = decodeTable(kind, writeFixture(kind, rows));
    expect(t.count).toBe(12);
    expect(t.entries.map((e) => e.row.state)).toEqual([...TCP_STATES]);
    // Each row read at its own stride: ports and PIDs follow.
    expect(t.entries.map((e) => e.row.localPort)).toEqual(rows.map((r) => r.localPort));
    if (HAS_PID.has(kind)) expect(t.entries.map((e) => e.row.pid)).toEqual(rows.map((r) => r.pid));
    else expect(t.entries.every((e) => e.row.pid === null)).toBe(true);
  });

  it('reads ports from the low 16 bits in network order, ignoring junk in the high 16 bits', () => {
    const ports = [1, 256, 65535, 443];
    const rows = ports.map((p, i) => sample(kind, { localPort: p, remotePort: ports[3 - i], portJunk: 0xbeef }));
    const t = decodeTable(kind, writeFixture(kind, rows));
    expect(t.entries.map((e) => [e.row.localPort, e.row.remotePort])).toEqual([
      [1, 443],
      [256, 65535],
      [65535, 256],
      [443, 1],
    ]);
  });

  it('ignores junk in the padding and after dwNumEntries rows (the table ends at dwNumEntries)', () => {
    for (const junk of [0x00, 0xaa, 0xff]) {
      const buf = writeFixture(kind, [sample(kind), sample(kind, { localPort: 4001 })], { junk, tail: 1000 });
      const t = decodeTable(kind, buf);
      expect(t.entries).toHaveLength(2);
      expect(t.entries.map((e) => e.row.localPort)).toEqual([4000, 4001]);
      expect(t.byteLength).toBe(buf.length - 1000);
    }
  });

  it('fails clearly, without reading, when dwNumEntries is larger than the bytes hold', () => {
    const buf = writeFixture(kind, [sample(kind), sample(kind)], { countOverride: 3 });
    expect(() => decodeTable(kind, buf)).toThrow(TableFormatError);
    expect(() => decodeTable(kind, buf)).toThrow(/dwNumEntries is 3 but the \d+ bytes hold at most 2 rows/);
    const huge = writeFixture(kind, [], { countOverride: 0xffffffff });
    expect(() => decodeTable(kind, huge)).toThrow(/dwNumEntries is 4294967295/);
    // One byte short of the last row is still too short.
    const full = writeFixture(kind, [sample(kind)]);
    expect(() => decodeTable(kind, full.subarray(0, full.length - 1))).toThrow(/hold at most 0 rows/);
  });

  it('fails clearly on a buffer shorter than its header', () => {
    for (const len of [0, 1, 3]) {
      expect(() => decodeTable(kind, Buffer.alloc(len))).toThrow(/shorter than the table header/);
    }
  });

  it('decodes an empty table (4 bytes, dwNumEntries 0)', () => {
    const t = decodeTable(kind, Buffer.from([0, 0, 0, 0]));
    expect(t.entries).toEqual([]);
  });

  it('leaves out rows whose state is not 1..12 and says so', () => {
    const t = decodeTable(kind, writeFixture(kind, [sample(kind, { state: 0 }), sample(kind), sample(kind, { state: 13 })]));
    expect(t.entries).toHaveLength(1);
    expect(t.skipped).toEqual([
      { index: 0, state: 0 },
      { index: 2, state: 13 },
    ]);
  });

  it("shows a listener's meaningless remote endpoint as unspecified", () => {
    const t = decodeTable(kind, writeFixture(kind, [sample(kind, { state: 2, remotePort: 999, remoteScopeId: 7 })]));
    const r = t.entries[0].row;
    expect(r.state).toBe('LISTEN');
    expect([r.remoteAddress, r.remotePort]).toEqual([isV6(kind) ? '::' : '0.0.0.0', 0]);
    if (isV6(kind)) expect(r.remoteScopeId).toBe(0);
  });

  it('has offload state, creation time and PID exactly where the table carries them', () => {
    const t = decodeTable(
      kind,
      writeFixture(kind, [sample(kind, { offloadState: 2, createTimestamp: filetimeOf('2024-05-06T07:08:09.123Z') })]),
    );
    const r = t.entries[0].row;
    expect(r.offloadState).toBe(HAS_OFFLOAD.has(kind) ? 'Offloaded' : null);
    expect(r.createdAt).toBe(HAS_TIME.has(kind) ? '2024-05-06T07:08:09.123Z' : null);
    expect(r.pid).toBe(HAS_PID.has(kind) ? 1234 : null);
    expect(r.family).toBe(isV6(kind) ? 'ipv6' : 'ipv4');
    expect(r.processName).toBeNull();
    expect(r.module).toBeNull();
  });
});

describe.each(V4)('%s (IPv4)', (kind) => {
  it('reads in_addr DWORDs in network byte order', () => {
    const t = decodeTable(kind, writeFixture(kind, [sample(kind, { local: v4('127.0.0.1'), remote: v4('255.254.1.0') })]));
    expect(t.entries[0].row).toMatchObject({ localAddress: '127.0.0.1', remoteAddress: '255.254.1.0' });
    expect(t.entries[0].row.localScopeId).toBeUndefined();
  });
});

/** Where dwLocalScopeId / dwRemoteScopeId sit in each IPv6 row, from the C declarations (tcpmib.h). */
const SCOPE_OFFSETS: Record<string, [number, number]> = {
  'tcp6-table2': [16, 40],
  'tcp6-table': [20, 44],
  'tcp6-owner-pid': [16, 40],
  'tcp6-owner-module': [16, 40],
};

describe.each(V6)('%s (IPv6)', (kind) => {
  it('scope ids are host-order DWORDs (sin6_scope_id), not network order as the reference pages say: Windows writes them so', () => {
    // fe80::1%12 → fe80::2%12: interface 12 on both sides, as ss and getsockname() give it.
    const row = sample(kind, {
      local: v6('fe80:0:0:0:0:0:0:1'),
      remote: v6('fe80:0:0:0:0:0:0:2'),
      localScopeId: 12,
      remoteScopeId: 12,
    });
    const buf = writeFixture(kind, [row]);
    const rowAt = DOCUMENTED[kind].rowsAt;
    for (const at of SCOPE_OFFSETS[kind]) expect([...buf.subarray(rowAt + at, rowAt + at + 4)]).toEqual([12, 0, 0, 0]);
    const r = decodeTable(kind, buf).entries[0].row;
    expect([r.localAddress, r.localScopeId, r.remoteAddress, r.remoteScopeId]).toEqual(['fe80::1', 12, 'fe80::2', 12]);
  });

  it('formats IPv4-mapped and link-local addresses, with their scope ids', () => {
    const rows = [
      sample(kind, {
        local: v6('0:0:0:0:0:ffff:7f00:1'),
        remote: v6('0:0:0:0:0:ffff:c0a8:109'),
        localScopeId: 0,
        remoteScopeId: 0,
      }),
      sample(kind, {
        local: v6('fe80:0:0:0:1c2d:3eff:fe4f:5a6b'),
        remote: v6('fe80:0:0:0:0:0:0:1'),
        localScopeId: 5,
        remoteScopeId: 0x01020304,
      }),
      sample(kind, { local: v6('0:0:0:0:0:0:0:1'), remote: v6('2001:db8:0:0:1:0:0:1'), localScopeId: 0, remoteScopeId: 0 }),
    ];
    const t = decodeTable(kind, writeFixture(kind, rows));
    expect(t.entries.map((e) => [e.row.localAddress, e.row.localScopeId, e.row.remoteAddress, e.row.remoteScopeId])).toEqual([
      ['::ffff:127.0.0.1', 0, '::ffff:192.168.1.9', 0],
      ['fe80::1c2d:3eff:fe4f:5a6b', 5, 'fe80::1', 0x01020304],
      ['::1', 0, '2001:db8::1:0:0:1', 0],
    ]);
  });
});

describe.each(['tcp-table2', 'tcp6-table2'] as const)('%s offload states', (kind) => {
  it('decodes every TCP_CONNECTION_OFFLOAD_STATE, and an unknown one as null', () => {
    const rows = [0, 1, 2, 3, 4].map((o) => sample(kind, { offloadState: o }));
    const t = decodeTable(kind, writeFixture(kind, rows));
    expect(t.entries.map((e) => e.row.offloadState)).toEqual([...OFFLOAD_STATES, null]);
  });
});

describe.each(['tcp-owner-module', 'tcp6-owner-module'] as const)('%s creation times', (kind) => {
  it('converts FILETIME to ISO-8601 to the millisecond; 0 is null', () => {
    const rows = [
      sample(kind, { createTimestamp: filetimeOf('2025-12-31T23:59:59.999Z', 9999n) }),
      sample(kind, { createTimestamp: filetimeOf('2001-02-03T04:05:06.007Z') }),
      sample(kind, { createTimestamp: filetimeOf('1970-01-01T00:00:00.001Z') }),
      sample(kind, { createTimestamp: 0n }),
    ];
    const t = decodeTable(kind, writeFixture(kind, rows));
    expect(t.entries.map((e) => e.row.createdAt)).toEqual([
      '2025-12-31T23:59:59.999Z',
      '2001-02-03T04:05:06.007Z',
      '1970-01-01T00:00:00.001Z',
      null,
    ]);
    expect(t.entries[1].createTimestamp).toBe(filetimeOf('2001-02-03T04:05:06.007Z'));
  });

  it('starts rows at offset 8 after 4 bytes of padding, 160/192 bytes apart', () => {
    const buf = writeFixture(kind, [sample(kind), sample(kind, { localPort: 5000, pid: 77 })], { junk: 0xff });
    const t = decodeTable(kind, buf);
    expect(t.entries.map((e) => e.offset)).toEqual(kind === 'tcp-owner-module' ? [8, 168] : [8, 200]);
    expect(t.entries[1].row).toMatchObject({ localPort: 5000, pid: 77, state: 'ESTABLISHED' });
  });
});
