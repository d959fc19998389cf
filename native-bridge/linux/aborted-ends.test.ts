import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../main/common/types';
import { row } from '../../main/common/testing/test-rows';
import { AbortedEndPairing } from './aborted-ends';

const freed = (overrides: Parameters<typeof row>[0]) =>
  row({ state: 'CLOSED', pid: null, processName: null, inode: 0, ...overrides });
const heard = (rows: TcpRow[]) => ({ rows, ids: rows.map((r) => r.cookie) });
const server = freed({ localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '127.0.0.2', remotePort: 51546, cookie: 1 });
const aborted = freed({ localAddress: '0.0.0.0', localPort: 51546, remoteAddress: '127.0.0.1', remotePort: 0, cookie: 2 });
const completed = { localAddress: '127.0.0.2', localPort: 51546, remoteAddress: '127.0.0.1', remotePort: 8080, cookie: 2 };

describe('AbortedEndPairing', () => {
  it("gives an aborted end the endpoints its peer's destroy names, on this machine", () => {
    const { rows, ids } = new AbortedEndPairing().take(heard([server, aborted]));
    expect(rows[0]).toBe(server);
    expect(rows[1]).toMatchObject(completed);
    expect(ids).toEqual([1, 2]);
    expect(aborted.remotePort).toBe(0); // not changed in place
  });

  it('holds an unpaired aborted end up to a second for its peer, then lets it go as the kernel said', () => {
    let now = 0;
    const pairing = new AbortedEndPairing(() => now);
    expect(pairing.take(heard([aborted])).rows).toEqual([]);
    now = 600;
    expect(pairing.take(heard([])).rows).toEqual([]);
    expect(pairing.take(heard([server])).rows).toMatchObject([completed, server]);
    const lone = freed({ localAddress: '0.0.0.0', localPort: 40000, remoteAddress: '192.0.2.7', remotePort: 0, cookie: 3 });
    expect(pairing.take(heard([lone])).rows).toEqual([]);
    now = 1_500;
    expect(pairing.take(heard([])).rows).toEqual([]);
    now = 1_600;
    expect(pairing.take(heard([])).rows).toEqual([lone]);
  });

  it('passes listeners through at once', () => {
    const listener = freed({ localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0 });
    const v6 = freed({ family: 'ipv6', localAddress: '::1', localPort: 8080, remoteAddress: '::', remotePort: 0 });
    expect(new AbortedEndPairing().take(heard([listener, v6])).rows).toEqual([listener, v6]);
  });
});
