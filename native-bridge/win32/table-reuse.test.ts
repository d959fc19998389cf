import { describe, expect, it } from 'vitest';
import { decodeTable } from './decode-tables';
import { TABLE_KINDS } from './layouts';
import { TableReuse } from './table-reuse';
import { DOCUMENTED, filetimeOf, v4, v6, writeFixture, type FixtureKind, type FixtureRow } from './testing/fixture-writer';

const isV6 = (k: FixtureKind) => k.startsWith('tcp6');

function rows(kind: FixtureKind, n: number): FixtureRow[] {
  return Array.from({ length: n }, (_, i) => ({
    state: 5,
    local: isV6(kind) ? v6('fe80:0:0:0:0:0:0:1') : v4('10.0.0.1'),
    localScopeId: 12,
    localPort: 40000 + i,
    remote: isV6(kind) ? v6('fe80:0:0:0:0:0:0:2') : v4('10.0.0.2'),
    remoteScopeId: 12,
    remotePort: 443,
    pid: 100 + i,
    offloadState: 0,
    createTimestamp: filetimeOf('2024-01-01T00:00:00.000Z', BigInt(i)),
  }));
}

describe.each(TABLE_KINDS)('TableReuse %s', (kind) => {
  it('decodes as decodeTable does, and hands back the same entries for unchanged bytes', () => {
    const reuse = new TableReuse(kind);
    const buf = writeFixture(kind, rows(kind, 5));
    const first = reuse.decode(buf);
    expect(first.entries).toEqual(decodeTable(kind, buf).entries);
    expect([...first.previousIndex]).toEqual([-1, -1, -1, -1, -1]);
    const again = reuse.decode(Buffer.from(buf));
    again.entries.forEach((e, i) => expect(e).toBe(first.entries[i]));
    expect([...again.previousIndex]).toEqual([0, 1, 2, 3, 4]);
    expect([...again.currentIndexOf]).toEqual([0, 1, 2, 3, 4]);
  });

  it('ignores the undefined high 16 bits of the port DWORDs, and nothing else', () => {
    const reuse = new TableReuse(kind);
    const base = rows(kind, 3);
    const first = reuse.decode(writeFixture(kind, base));
    const junk = reuse.decode(
      writeFixture(
        kind,
        base.map((r) => ({ ...r, portJunk: 0xbeef })),
      ),
    );
    junk.entries.forEach((e, i) => expect(e).toBe(first.entries[i]));
    const changed = base.map((r, i) => (i === 1 ? { ...r, state: 8, pid: (r.pid ?? 0) + 1 } : r));
    const next = reuse.decode(writeFixture(kind, changed));
    expect(next.entries[0]).toBe(first.entries[0]);
    expect(next.entries[1]).not.toBe(first.entries[1]);
    expect(next.entries[1].row.state).toBe('CLOSE_WAIT');
    expect(first.entries[1].row.state).toBe('ESTABLISHED'); // the earlier entry is left as it was
    expect(next.entries[2]).toBe(first.entries[2]);
    expect([...next.currentIndexOf]).toEqual([0, -1, 2]);
  });

  it('never hands back an entry the bytes no longer decode to: any byte that changes the decode counts', () => {
    const buf = writeFixture(kind, rows(kind, 1));
    const { rowsAt, stride } = DOCUMENTED[kind];
    const before = decodeTable(kind, buf).entries[0];
    for (let at = rowsAt; at < rowsAt + stride; at++) {
      const reuse = new TableReuse(kind);
      const first = reuse.decode(buf);
      const flipped = Buffer.from(buf);
      flipped[at] ^= 0x01;
      const decoded = decodeTable(kind, flipped).entries[0];
      const next = reuse.decode(flipped).entries[0];
      const same =
        JSON.stringify(decoded?.row) === JSON.stringify(before.row) && decoded?.createTimestamp === before.createTimestamp;
      if (same) expect(next).toBe(first.entries[0]);
      else expect({ at, next }).toEqual({ at, next: decoded });
    }
  });

  it('finds unchanged rows past inserted and removed ones, and updates their offsets', () => {
    const reuse = new TableReuse(kind);
    const all = rows(kind, 8);
    const first = reuse.decode(writeFixture(kind, all.slice(0, 6)));
    // Row 1 and 2 closed, two new rows in front, a bad state (left out) in the middle.
    const next = reuse.decode(writeFixture(kind, [all[6], all[7], all[0], { ...all[3], state: 0 }, all[4], all[5]]));
    expect(next.entries.map((e) => e.row.localPort)).toEqual([40006, 40007, 40000, 40004, 40005]);
    expect(next.skipped).toEqual([{ index: 3, state: 0 }]);
    expect([...next.previousIndex]).toEqual([-1, -1, 0, 4, 5]);
    expect(next.entries[2]).toBe(first.entries[0]);
    expect(next.entries[4]).toBe(first.entries[5]);
    const { rowsAt, stride } = DOCUMENTED[kind];
    expect(next.entries.map((e) => e.offset)).toEqual([0, 1, 2, 4, 5].map((i) => rowsAt + i * stride));
  });
});
