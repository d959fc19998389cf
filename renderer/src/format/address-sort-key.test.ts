import { describe, expect, it } from 'vitest';
import { addressSortKey } from './address-sort-key';

const sorted = (addresses: string[]): string[] =>
  [...addresses].sort((a, b) => (addressSortKey(a) < addressSortKey(b) ? -1 : addressSortKey(a) > addressSortKey(b) ? 1 : 0));

describe('addressSortKey', () => {
  it('orders IPv4 numerically, not as text', () => {
    expect(sorted(['10.0.0.10', '10.0.0.9', '9.255.255.255', '192.168.1.2', '0.0.0.0'])).toEqual([
      '0.0.0.0',
      '9.255.255.255',
      '10.0.0.9',
      '10.0.0.10',
      '192.168.1.2',
    ]);
  });

  it('puts IPv4 (and IPv4-mapped IPv6 next to its IPv4 twin) before native IPv6', () => {
    expect(sorted(['fe80::1', '::1', '::ffff:127.0.0.1', '127.0.0.2', '::', '2001:db8::10', '2001:db8::9'])).toEqual([
      '::ffff:127.0.0.1',
      '127.0.0.2',
      '::',
      '::1',
      '2001:db8::9',
      '2001:db8::10',
      'fe80::1',
    ]);
  });

  it('treats compressed and full IPv6 forms alike and ignores a zone suffix', () => {
    expect(addressSortKey('2001:db8:0:0:0:0:0:1')).toBe(addressSortKey('2001:DB8::1'));
    expect(addressSortKey('fe80::1%2')).toBe(addressSortKey('fe80::1'));
  });

  it('sorts unparseable text after every address instead of throwing', () => {
    expect(sorted(['bogus', 'ff02::1', '1.1.1.1'])).toEqual(['1.1.1.1', 'ff02::1', 'bogus']);
  });
});
