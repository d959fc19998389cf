import { describe, expect, it } from 'vitest';
import type { ProcessConnection } from '../../../main/common/contract/requests';
import type { TcpRow } from '../../../main/common/types';
import { listeningPorts, liveRemoteGroups, pastRemoteTotals } from './process-summary';

const row = (over: Partial<TcpRow>): TcpRow => ({
  family: 'ipv4',
  localAddress: '10.0.0.2',
  localPort: 40000,
  remoteAddress: '93.184.216.34',
  remotePort: 443,
  state: 'ESTABLISHED',
  pid: 7,
  processName: 'curl',
  offloadState: null,
  createdAt: null,
  ...over,
});
const names = new Map([['93.184.216.34', 'example.com']]);
const hostName = (address: string) => names.get(address) ?? null;

describe('liveRemoteGroups', () => {
  it('groups by remote host, most connections first, with counts by state and the name where known', () => {
    const groups = liveRemoteGroups(
      [
        row({ localPort: 1 }),
        row({ localPort: 2, state: 'TIME_WAIT', remotePort: 80 }),
        row({ localPort: 3 }),
        row({ localPort: 4, remoteAddress: 'fe80::1', remoteScopeId: 3, family: 'ipv6' }),
        row({ state: 'LISTEN', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0 }),
      ],
      hostName,
    );
    expect(groups).toEqual([
      {
        address: '93.184.216.34',
        host: 'example.com',
        total: 3,
        byState: [
          { state: 'ESTABLISHED', count: 2 },
          { state: 'TIME_WAIT', count: 1 },
        ],
        ports: [80, 443],
      },
      { address: 'fe80::1%3', host: null, total: 1, byState: [{ state: 'ESTABLISHED', count: 1 }], ports: [443] },
    ]);
  });
});

describe('listeningPorts', () => {
  it('lists each listening address and port once (SO_REUSEPORT twins together), by port', () => {
    const listen = (localAddress: string, localPort: number, inode: number) =>
      row({ state: 'LISTEN', localAddress, localPort, remoteAddress: '0.0.0.0', remotePort: 0, inode });
    expect(listeningPorts([listen('0.0.0.0', 8080, 1), listen('0.0.0.0', 8080, 2), listen('127.0.0.1', 22, 3), row({})])).toEqual(
      [
        { family: 'ipv4', address: '127.0.0.1', port: 22 },
        { family: 'ipv4', address: '0.0.0.0', port: 8080 },
      ],
    );
  });
});

describe('pastRemoteTotals', () => {
  const past = (over: Partial<ProcessConnection> & { row: TcpRow }): ProcessConnection => ({
    id: String(Math.random()),
    openedAt: '2026-12-02T10:00:00.000Z',
    closedAt: '2026-12-02T10:01:00.000Z',
    shortLived: false,
    ...over,
  });

  it('sums connections, open, TIME_WAIT and short-lived ones and final bytes per remote host, with the last close', () => {
    const totals = pastRemoteTotals(
      [
        past({ row: row({ bytesSent: 100, bytesReceived: 1000 }), closedAt: '2026-12-02T10:05:00.000Z' }),
        past({ row: row({ bytesSent: 50, bytesReceived: 10, remotePort: 80 }), shortLived: true }),
        past({ row: row({ remoteAddress: '10.0.0.9', bytesSent: 1, bytesReceived: 1 }), closedAt: null }),
        past({ row: row({ remoteAddress: '10.0.0.9' }), closedAt: '2026-12-02T10:09:00.000Z' }),
        past({ row: row({ remoteAddress: '10.0.0.9', state: 'TIME_WAIT' }), closedAt: null }),
        past({ row: row({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 }) }),
      ],
      hostName,
    );
    expect(totals).toEqual([
      {
        address: '10.0.0.9',
        host: null,
        connections: 3,
        open: 1,
        timeWait: 1,
        shortLived: 0,
        bytesSent: 1,
        bytesReceived: 1,
        lastSeen: '2026-12-02T10:09:00.000Z',
        ports: [443],
      },
      {
        address: '93.184.216.34',
        host: 'example.com',
        connections: 2,
        open: 0,
        timeWait: 0,
        shortLived: 1,
        bytesSent: 150,
        bytesReceived: 1010,
        lastSeen: '2026-12-02T10:05:00.000Z',
        ports: [80, 443],
      },
    ]);
  });

  it('keeps bytes unknown (null) where no connection had counters, rather than 0', () => {
    expect(pastRemoteTotals([past({ row: row({}) })], hostName)[0]).toMatchObject({ bytesSent: null, bytesReceived: null });
  });
});
