import { describe, expect, it } from 'vitest';
import { lookupText, splitScope } from './os-lookup';

describe('scoped addresses', () => {
  it('are taken apart into the address and its scope id', () => {
    expect(splitScope('fe80::1%3')).toEqual({ address: 'fe80::1', scopeId: 3 });
    expect(splitScope('10.0.0.1')).toEqual({ address: '10.0.0.1' });
    expect(splitScope('fe80::1%eth0')).toEqual({ address: 'fe80::1%eth0' });
  });

  it.runIf(process.platform !== 'win32')('reach getnameinfo with the interface name libuv understands on Unix', () => {
    const names = new Map([[3, 'eth0']]);
    expect(lookupText('fe80::1%3', (id) => names.get(id))).toBe('fe80::1%eth0');
    expect(lookupText('fe80::1%9', (id) => names.get(id))).toBe('fe80::1'); // no such interface now
    expect(lookupText('10.0.0.1', (id) => names.get(id))).toBe('10.0.0.1');
  });
});
