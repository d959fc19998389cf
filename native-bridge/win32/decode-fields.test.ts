import { describe, expect, it } from 'vitest';
import { filetimeToIso, formatIPv6, offloadState, tcpState } from './decode-fields';
import { decodeOwnerModuleBasicInfo, moduleLabel, readWideString } from './decode-module-info';
import { filetimeOf, v6 } from './testing/fixture-writer';

describe('formatIPv6 (RFC 5952)', () => {
  it.each([
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not shortened
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // the first of equal runs
    ['fe80:0:0:0:abcd:ef:0:1', 'fe80::abcd:ef:0:1'], // lowercase, no leading zeros
    ['1:0:0:0:0:0:0:0', '1::'],
    ['0:0:0:0:0:ffff:a00:1', '::ffff:10.0.0.1'], // IPv4-mapped
    ['0:0:0:0:ffff:0:a00:1', '::ffff:0:a00:1'], // not mapped
  ])('%s → %s', (full, text) => {
    expect(formatIPv6(Uint8Array.from(v6(full)))).toBe(text);
  });
});

describe('filetimeToIso', () => {
  it('keeps milliseconds and truncates below them', () => {
    expect(filetimeToIso(filetimeOf('2023-03-04T05:06:07.890Z'))).toBe('2023-03-04T05:06:07.890Z');
    expect(filetimeToIso(filetimeOf('2023-03-04T05:06:07.890Z', 9_999n))).toBe('2023-03-04T05:06:07.890Z');
    expect(filetimeToIso(filetimeOf('2023-03-04T05:06:07.890Z', 10_000n))).toBe('2023-03-04T05:06:07.891Z');
  });
  it('agrees with exact BigInt arithmetic (it computes without BigInt)', () => {
    const exact = (ft: bigint) => {
      const delta = ft - 116_444_736_000_000_000n;
      const ms = delta / 10_000n - (delta < 0n && delta % 10_000n !== 0n ? 1n : 0n);
      return new Date(Number(ms)).toISOString();
    };
    let x = 0x1234_5678n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffff_ffff_ffff_ffffn;
      // Between 1601 and 9999: FILETIMEs up to 2.65e18.
      const ft = 1n + (x % 2_650_467_743_999_999_999n);
      expect(filetimeToIso(ft)).toBe(exact(ft));
    }
    for (const ft of [
      9_999n,
      10_000n,
      10_001n,
      116_444_736_000_000_000n - 1n,
      116_444_736_000_000_000n,
      0xffff_ffffn,
      0x1_0000_0000n,
    ]) {
      expect(filetimeToIso(ft)).toBe(exact(ft));
    }
  });

  it('0, negative and out-of-range are null; 1601 is the epoch', () => {
    expect(filetimeToIso(0n)).toBeNull();
    expect(filetimeToIso(-5n)).toBeNull();
    expect(filetimeToIso(0x7fff_ffff_ffff_ffffn)).toBeNull();
    expect(filetimeToIso(10_000n)).toBe('1601-01-01T00:00:00.001Z');
  });
});

describe('enumerations', () => {
  it('maps MIB_TCP_STATE 1..12 and nothing else', () => {
    expect(tcpState(1)).toBe('CLOSED');
    expect(tcpState(12)).toBe('DELETE_TCB');
    expect([0, 13, 100].map(tcpState)).toEqual([null, null, null]);
  });
  it('maps TCP_CONNECTION_OFFLOAD_STATE 0..3 and nothing else', () => {
    expect([0, 1, 2, 3, 4].map(offloadState)).toEqual(['InHost', 'Offloading', 'Offloaded', 'Uploading', null]);
  });
});

describe('TCPIP_OWNER_MODULE_BASIC_INFO', () => {
  /** The buffer as Windows writes it at `address`: two pointers, then the strings. */
  function basicInfo(address: bigint, name: string | null, path: string | null) {
    const nameBytes = name === null ? Buffer.alloc(0) : Buffer.from(`${name}\0`, 'utf16le');
    const pathBytes = path === null ? Buffer.alloc(0) : Buffer.from(`${path}\0`, 'utf16le');
    const buf = Buffer.alloc(16 + nameBytes.length + pathBytes.length + 8, 0xcc);
    buf.writeBigUInt64LE(name === null ? 0n : address + 16n, 0);
    buf.writeBigUInt64LE(path === null ? 0n : address + 16n + BigInt(nameBytes.length), 8);
    nameBytes.copy(buf, 16);
    pathBytes.copy(buf, 16 + nameBytes.length);
    return buf;
  }

  it('follows the pointers into the buffer', () => {
    const at = 0x7ff6_1234_0000n;
    const info = decodeOwnerModuleBasicInfo(basicInfo(at, 'Dnscache', 'C:\\Windows\\system32\\svchost.exe'), at);
    expect(info).toEqual({ name: 'Dnscache', path: 'C:\\Windows\\system32\\svchost.exe' });
    expect(moduleLabel(info)).toBe('Dnscache');
  });

  it('null pointers are null; the label falls back to the file name of the path', () => {
    const at = 0x1000n;
    const info = decodeOwnerModuleBasicInfo(basicInfo(at, null, 'C:\\Program Files\\App\\app.exe'), at);
    expect(info).toEqual({ name: null, path: 'C:\\Program Files\\App\\app.exe' });
    expect(moduleLabel(info)).toBe('app.exe');
    expect(moduleLabel({ name: null, path: null })).toBeNull();
  });

  it('hands pointers outside the buffer to the reader, never reading them itself', () => {
    const buf = Buffer.alloc(32);
    buf.writeBigUInt64LE(0xdead_0000n, 0);
    buf.writeBigUInt64LE(0xbeef_0000n, 8);
    const seen: bigint[] = [];
    const info = decodeOwnerModuleBasicInfo(buf, 0x1000n, (p) => {
      seen.push(p);
      return 'outside';
    });
    expect(seen).toEqual([0xdead_0000n, 0xbeef_0000n]);
    expect(info.name).toBe('outside');
    expect(decodeOwnerModuleBasicInfo(buf, 0x1000n)).toEqual({ name: null, path: null });
  });

  it('a string without its NUL stops at the end of the buffer', () => {
    const buf = Buffer.from('abc', 'utf16le');
    expect(readWideString(buf, 0)).toBe('abc');
    expect(readWideString(buf, 2, 4)).toBe('b');
  });
});
