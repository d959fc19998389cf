import { describe, expect, it } from 'vitest';
import { AddressTextCache, formatIPv4, formatIPv6, isLinkLocalIPv6 } from './address-format';

/** Four network-order words from the 8 groups of an address written out in full. */
function words(...groups: number[]): [number, number, number, number] {
  const w = (i: number): number => ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0;
  return [w(0), w(1), w(2), w(3)];
}

describe('formatIPv6 (RFC 5952)', () => {
  it.each([
    [words(0, 0, 0, 0, 0, 0, 0, 0), '::'],
    [words(0, 0, 0, 0, 0, 0, 0, 1), '::1'],
    [words(0xfe80, 0, 0, 0, 0, 0, 0, 1), 'fe80::1'],
    [words(0, 0, 0, 0, 0, 0xffff, 0x7f00, 0x0001), '::ffff:127.0.0.1'],
    [words(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), '::ffff:192.0.2.1'],
    [words(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), '2001:db8::1'],
    [words(0x1, 0, 0, 0, 0, 0, 0, 0), '1::'],
    [words(0xff02, 0, 0, 0, 0, 0, 0, 2), 'ff02::2'],
    // a single zero group is not compressed (RFC 5952 4.2.2)
    [words(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), '2001:db8:0:1:1:1:1:1'],
    // the longest run wins, and of two equal runs the first (4.2.3)
    [words(0x2001, 0, 0, 1, 0, 0, 0, 1), '2001:0:0:1::1'],
    [words(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1'],
    // lower case, no leading zeros (4.1, 4.3)
    [words(0x2001, 0x0db8, 0xabcd, 0x0012, 0xffff, 0x0a0b, 0x00c0, 0xd00d), '2001:db8:abcd:12:ffff:a0b:c0:d00d'],
  ])('formats %j as %s', (w, text) => {
    expect(formatIPv6(...w)).toBe(text);
    expect(new AddressTextCache().ipv6(...w)).toBe(text);
  });
});

describe('formatIPv4', () => {
  it('writes the network-order word as a dotted quad', () => {
    expect(formatIPv4(0x7f000001)).toBe('127.0.0.1');
    expect(formatIPv4(0xc0a80aff)).toBe('192.168.10.255');
    expect(formatIPv4(0)).toBe('0.0.0.0');
    expect(new AddressTextCache().ipv4(0xffffffff)).toBe('255.255.255.255');
  });
});

describe('isLinkLocalIPv6', () => {
  it('is true for fe80::/10 only', () => {
    expect(isLinkLocalIPv6(0xfe800000)).toBe(true);
    expect(isLinkLocalIPv6(0xfebf0000)).toBe(true);
    expect(isLinkLocalIPv6(0xfec00000)).toBe(false);
    expect(isLinkLocalIPv6(0)).toBe(false);
  });
});

describe('AddressTextCache', () => {
  it('keeps answering correctly past its size limit', () => {
    const cache = new AddressTextCache();
    for (let i = 0; i < 10_000; i++) expect(cache.ipv4(0x0a000000 + i)).toBe(formatIPv4(0x0a000000 + i));
    for (let i = 0; i < 5_000; i++) expect(cache.ipv6(0x20010db8, 0, 0, i)).toBe(formatIPv6(0x20010db8, 0, 0, i));
  });
});
