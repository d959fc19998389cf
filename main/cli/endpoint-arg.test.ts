import { describe, expect, it } from 'vitest';
import { row } from '../common/testing/test-rows';
import { UsageError } from './cli-errors';
import { hasEndpoints, parseEndpointArg } from './endpoint-arg';

const parse = (text: string) => parseEndpointArg('close', 'LOCAL', text);

describe('parseEndpointArg', () => {
  it.each([
    ['127.0.0.1:8080', { family: 'ipv4', address: '127.0.0.1', port: 8080 }],
    ['0.0.0.0:0', { family: 'ipv4', address: '0.0.0.0', port: 0 }],
    ['[::1]:8080', { family: 'ipv6', address: '::1', port: 8080 }],
    ['[0:0:0:0:0:0:0:1]:443', { family: 'ipv6', address: '::1', port: 443 }],
    ['[FE80::1%2]:22', { family: 'ipv6', address: 'fe80::1', port: 22, scopeId: 2 }],
    ['[::ffff:127.0.0.1]:80', { family: 'ipv6', address: '::ffff:127.0.0.1', port: 80 }],
    ['[::ffff:7f00:1]:80', { family: 'ipv6', address: '::ffff:127.0.0.1', port: 80 }],
    ['[2001:db8:0:0:1:0:0:1]:65535', { family: 'ipv6', address: '2001:db8::1:0:0:1', port: 65535 }],
  ])('reads %s as list writes it', (text, endpoint) => {
    expect(parse(text)).toEqual(endpoint);
  });

  it.each([
    ['127.0.0.1', "LOCAL '127.0.0.1': it needs a port (write it as 127.0.0.1:8080, [::1]:8080 or [fe80::1%2]:22)"],
    ['::1:8080', "LOCAL '::1:8080': an IPv6 address goes in brackets (write it as"],
    ['127.1:80', "'127.1' is not an IPv4 address (a.b.c.d)"],
    ['256.0.0.1:80', "'256.0.0.1' is not an IPv4 address"],
    ['localhost:80', "'localhost' is not an IPv4 address"],
    ['[::g]:80', "'::g' is not an IPv6 address"],
    ['[::1]', "LOCAL '[::1]': it needs a port"],
    ['[::1]:', "the port must be a number from 0 to 65535, got ''"],
    ['127.0.0.1:65536', "the port must be a number from 0 to 65535, got '65536'"],
    ['127.0.0.1:-1', "the port must be a number from 0 to 65535, got '-1'"],
    ['[fe80::1%eth0]:22', "the scope '%eth0' must be an interface index, a number as 'ip link' shows it"],
  ])('refuses %s as a usage error that names the problem', (text, message) => {
    const err = (() => {
      try {
        parse(text);
      } catch (e) {
        return e as Error;
      }
      throw new Error('parsed');
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toContain(message);
    expect(err.message.startsWith('sockscope close: LOCAL ')).toBe(true);
  });
});

describe('hasEndpoints', () => {
  const local = parse('127.0.0.1:40000');
  const remote = parse('127.0.0.1:8080');

  it('matches both endpoints exactly', () => {
    expect(hasEndpoints(row(), local, remote)).toBe(true);
    expect(hasEndpoints(row({ remotePort: 8081 }), local, remote)).toBe(false);
    expect(hasEndpoints(row(), remote, local)).toBe(false);
    // The same endpoints on an IPv6 socket (IPv4-mapped) are another connection.
    expect(
      hasEndpoints(row({ family: 'ipv6', localAddress: '::ffff:127.0.0.1', remoteAddress: '::ffff:127.0.0.1' }), local, remote),
    ).toBe(false);
  });

  it('tells link-local endpoints apart by scope id', () => {
    const ll = row({ family: 'ipv6', localAddress: 'fe80::1', remoteAddress: 'fe80::2', localScopeId: 2, remoteScopeId: 2 });
    expect(hasEndpoints(ll, parse('[fe80::1%2]:40000'), parse('[fe80::2%2]:8080'))).toBe(true);
    expect(hasEndpoints(ll, parse('[fe80::1%3]:40000'), parse('[fe80::2%3]:8080'))).toBe(false);
    expect(hasEndpoints(ll, parse('[fe80::1]:40000'), parse('[fe80::2]:8080'))).toBe(false);
  });
});
