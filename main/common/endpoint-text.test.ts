import { describe, expect, it } from 'vitest';
import { endpointText, localEndpoint, protocolName, remoteEndpoint, scopedAddress } from './endpoint-text';
import { row } from './testing/test-rows';

describe('endpoint text', () => {
  it('writes endpoints as ss does: IPv6 in brackets, scope ids as %id', () => {
    expect(endpointText('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(endpointText('::1', 8080)).toBe('[::1]:8080');
    expect(endpointText('::ffff:127.0.0.1', 443)).toBe('[::ffff:127.0.0.1]:443');
    expect(endpointText('fe80::1', 22, 3)).toBe('[fe80::1%3]:22');
    expect(endpointText('::', 0)).toBe('[::]:0');
  });

  it('names both ends of a row, and its protocol TCPView-style', () => {
    const r = row({
      family: 'ipv6',
      localAddress: '::1',
      localPort: 1,
      remoteAddress: 'fe80::2',
      remotePort: 2,
      remoteScopeId: 4,
    });
    expect(`${localEndpoint(r)} → ${remoteEndpoint(r)}`).toBe('[::1]:1 → [fe80::2%4]:2');
    expect(protocolName('ipv4')).toBe('TCP');
    expect(protocolName('ipv6')).toBe('TCPv6');
  });

  it('appends a non-zero IPv6 zone index only', () => {
    expect(scopedAddress('fe80::1', 2)).toBe('fe80::1%2');
    expect(scopedAddress('::1', 0)).toBe('::1');
    expect(scopedAddress('127.0.0.1', undefined)).toBe('127.0.0.1');
  });
});
