import { describe, expect, it } from 'vitest';
import type { TcpRow } from '../../common/types';
import { row } from '../../common/testing/test-rows';
import { connId, connValue, rowFromValues, rowValues } from './row-codec';

/** What the database gives back: the column values, after those of the event (here two). */
const stored = (r: TcpRow) => rowFromValues([7, 'c7', ...rowValues(r)], 2);
/** Rows are compared in their JSON form, which is what `history --json` prints. */
const json = (r: TcpRow) => JSON.parse(JSON.stringify(r)) as unknown;

describe('the stored row', () => {
  it.each<[string, TcpRow]>([
    ['a netlink row', row({ bytesSent: 12_345_678_901, bytesReceived: 0, rttMs: 0.052, uid: 1000, user: 'alice' })],
    ['a /proc row without counters', row({ inode: 0 })],
    ['a TIME_WAIT row without an owner', row({ state: 'TIME_WAIT', pid: null, processName: null, inode: 0, rttMs: null })],
    [
      'a Windows row',
      row({
        offloadState: 'InHost',
        createdAt: '2026-11-01T10:00:00.000Z',
        module: 'svchost (Dnscache)',
        user: 'NT AUTHORITY\\NETWORK SERVICE',
        inode: undefined,
      }),
    ],
    [
      'a link-local IPv6 row with an owner hidden from this monitor',
      row({
        family: 'ipv6',
        localAddress: 'fe80::1',
        localScopeId: 3,
        remoteAddress: 'fe80::2',
        remoteScopeId: 3,
        pid: null,
        ownerHidden: true,
      }),
    ],
    ['a process name with control characters', row({ processName: 'evil\u001b[2K\r"name",=1' })],
  ])('gives back %s with the same JSON form', (_what, r) => {
    expect(json(stored(r))).toEqual(json(r));
  });

  it('keeps fields it does not know yet (added later), such as a short-lived flag', () => {
    const r = { ...row({ state: 'CLOSED' }), shortLived: true } as TcpRow;
    expect(json(stored(r))).toEqual(json(r));
  });

  it('stores the differ’s connection ids as numbers, anything else as it is', () => {
    expect(connValue('c123')).toBe(123);
    expect(connId(connValue('c123'))).toBe('c123');
    expect(connValue('x9')).toBe('x9');
    expect(connId(connValue('x9'))).toBe('x9');
  });
});
