import { describe, expect, it } from 'vitest';
import { hostAllowed } from './allowed-host';

describe('hostAllowed', () => {
  it('serves the loopback names and the --host value on our port', () => {
    for (const h of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080'])
      expect(hostAllowed(h, '127.0.0.1', 8080)).toBe(true);
    expect(hostAllowed('192.168.1.5:8080', '192.168.1.5', 8080)).toBe(true);
    expect(hostAllowed('[fe80::1]:8080', 'fe80::1', 8080)).toBe(true);
  });
  it('refuses a rebound name, a wrong port, a missing port or no Host', () => {
    expect(hostAllowed('evil.example:8080', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('127.0.0.1:8081', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('127.0.0.1', '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed(undefined, '127.0.0.1', 8080)).toBe(false);
    expect(hostAllowed('192.168.1.5:8080', '127.0.0.1', 8080)).toBe(false);
  });
  it('listening on every interface, takes the machine’s own addresses as names, and nothing else', () => {
    const local = () => ['127.0.0.1', '192.168.1.5', 'fe80::1'];
    expect(hostAllowed('192.168.1.5:8080', '0.0.0.0', 8080, local)).toBe(true);
    expect(hostAllowed('[fe80::1]:8080', '::', 8080, local)).toBe(true);
    expect(hostAllowed('192.168.1.6:8080', '0.0.0.0', 8080, local)).toBe(false);
    expect(hostAllowed('evil.example:8080', '0.0.0.0', 8080, local)).toBe(false);
    expect(hostAllowed('192.168.1.5:8080', '127.0.0.1', 8080, local)).toBe(false);
  });
});
