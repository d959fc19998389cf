// The name service as the monitor drives it: real table tracking, cache, queue and batching, with a
// lookup the test answers (the OS's getnameinfo against a real DNS server is for the kernel tests).
import { afterEach, describe, expect, it } from 'vitest';
import type { HostName } from '../../common/contract/messages';
import type { ConnectionEvent, TrackedConnection } from '../../common/contract/events';
import type { TcpRow } from '../../common/types';
import { row } from '../../common/testing/test-rows';
import { NameService, type NameServiceOptions } from './name-service';

const tracked = (r: TcpRow, id = 'c'): TrackedConnection => ({ id, row: r, firstSeenAt: '', lastTransition: null });
const event = (type: 'opened' | 'closed', r: TcpRow): ConnectionEvent => ({ seq: 0, time: '', type, id: 'c', connection: r });
const until = async (what: string, condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

let service: NameService | undefined;
afterEach(() => service?.stop());

function serviceWith(dns: Record<string, string>, options: Partial<NameServiceOptions> = {}) {
  const batches: HostName[][] = [];
  const asked: string[] = [];
  service = new NameService({
    resolve: true,
    batchIntervalMs: 0,
    send: (names) => batches.push(names),
    lookup: async (address) => {
      asked.push(address);
      return dns[address] ?? null;
    },
    ...options,
  });
  const received = () => batches.flat();
  return { service, batches, asked, received };
}

describe('NameService', () => {
  it('names the starting table: loopback and unspecified locally, the rest by lookup, no name as null', async () => {
    const { service, asked, received } = serviceWith({ '10.0.0.9': 'db.example' });
    service.addTable([
      tracked(row({ localAddress: '0.0.0.0', remoteAddress: '0.0.0.0', state: 'LISTEN' })),
      tracked(row({ localAddress: '127.0.0.1', remoteAddress: '10.0.0.9' })),
      tracked(row({ localAddress: '127.0.0.1', remoteAddress: '10.0.0.8' })),
    ]);
    await until('four names', () => received().length === 4);
    expect(asked.sort()).toEqual(['10.0.0.8', '10.0.0.9']);
    expect(service.names()).toEqual(
      expect.arrayContaining([
        { address: '0.0.0.0', host: '*' },
        { address: '127.0.0.1', host: 'localhost' },
        { address: '10.0.0.9', host: 'db.example' },
        { address: '10.0.0.8', host: null },
      ]),
    );
    expect(service.names()).toHaveLength(4);
  });

  it('looks up only what a poll brought that the table did not show, and an answer from the cache costs no lookup', async () => {
    const { service, asked, received } = serviceWith({ '10.0.0.9': 'db.example' });
    const first = row({ localPort: 1, remoteAddress: '10.0.0.9' });
    service.addTable([tracked(first)]);
    service.apply([event('opened', row({ localPort: 2, remoteAddress: '10.0.0.9' }))]); // shown already
    await until('the name', () => received().some((n) => n.host === 'db.example'));
    service.apply([event('closed', first), event('closed', row({ localPort: 2, remoteAddress: '10.0.0.9' }))]);
    expect(service.names().map((n) => n.address)).not.toContain('10.0.0.9'); // left the table
    service.apply([event('opened', row({ localPort: 3, remoteAddress: '10.0.0.9' }))]);
    await until('the name again', () => received().filter((n) => n.host === 'db.example').length === 2);
    expect(asked).toEqual(['10.0.0.9']);
  });

  it('gives each link-local address its own name per interface', async () => {
    const { service, asked } = serviceWith({ 'fe80::1%2': 'router.eth' });
    const link = (scope: number) =>
      row({ family: 'ipv6', localAddress: 'fe80::2', localScopeId: scope, remoteAddress: 'fe80::1', remoteScopeId: scope });
    service.addTable([tracked(link(2)), tracked(link(3))]);
    await until('four answers', () => service.names().length === 4);
    expect(asked.sort()).toEqual(['fe80::1%2', 'fe80::1%3', 'fe80::2%2', 'fe80::2%3']);
    expect(service.names()).toContainEqual({ address: 'fe80::1%2', host: 'router.eth' });
    expect(service.names()).toContainEqual({ address: 'fe80::1%3', host: null });
  });

  it('turned off, looks nothing up and sends nothing; turned on, names the table as it stands', async () => {
    const { service, asked, received } = serviceWith({ '10.0.0.9': 'db.example', '10.0.0.7': 'web.example' });
    service.setEnabled(false, []);
    const table = [tracked(row({ remoteAddress: '10.0.0.9' })), tracked(row({ localPort: 2, remoteAddress: '10.0.0.7' }))];
    service.addTable(table.slice(0, 1));
    service.apply([event('opened', table[1].row)]);
    await new Promise((r) => setTimeout(r, 20));
    expect([asked, received(), service.names(), service.enabled]).toEqual([[], [], [], false]);
    service.setEnabled(true, table);
    await until('both names', () => received().filter((n) => n.host !== 'localhost').length === 2);
    expect(asked.sort()).toEqual(['10.0.0.7', '10.0.0.9']);
  });

  it('stops queued lookups when turned off', async () => {
    const pending: (() => void)[] = [];
    const asked: string[] = [];
    service = new NameService({
      resolve: true,
      maxInFlight: 1,
      lookup: (address) => {
        asked.push(address);
        return new Promise((resolve) => pending.push(() => resolve(null)));
      },
    });
    service.addTable([1, 2, 3].map((n) => tracked(row({ localPort: n, remoteAddress: `10.0.0.${n}` }))));
    expect(asked).toEqual(['10.0.0.1']);
    service.setEnabled(false, []);
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toEqual(['10.0.0.1']);
  });

  it('sends a burst of answers as few batches, every address once', async () => {
    const dns = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`10.1.${i >> 8}.${i & 255}`, `h${i}.example`]));
    const { service, batches, received } = serviceWith(dns, { batchIntervalMs: 50 });
    const started = performance.now();
    service.addTable(Object.keys(dns).map((a, i) => tracked(row({ localPort: i, remoteAddress: a }))));
    await until('300 names', () => received().filter((n) => n.host !== 'localhost').length === 300);
    const elapsed = performance.now() - started;
    // The first batch goes at once, then at most one per 50 ms.
    expect(batches.length).toBeLessThanOrEqual(2 + elapsed / 50);
    expect(new Set(received().map((n) => n.address)).size).toBe(received().length);
  });
});
