import { describe, expect, it } from 'vitest';
import type { ConnectionEvent, TrackedConnection } from '../../common/contract/events';
import { row } from '../../common/testing/test-rows';
import type { TcpRow } from '../../common/types';
import { ConnectionTally, NO_PROCESS, OTHER_PROCESSES } from './connection-tally';

const tracked = (id: string, r: TcpRow): TrackedConnection => ({ id, row: r, firstSeenAt: 't', lastTransition: null });
let seq = 0;
const event = (type: ConnectionEvent['type'], id: string, connection: TcpRow): ConnectionEvent => ({
  seq: ++seq,
  time: 't',
  type,
  id,
  connection,
});

describe('ConnectionTally', () => {
  it('counts a table by state and family, then follows opened, state-changed and closed events', () => {
    const tally = new ConnectionTally();
    tally.reset([
      tracked('a', row({ state: 'LISTEN', family: 'ipv4', processName: 'nginx' })),
      tracked('b', row({ state: 'LISTEN', family: 'ipv6', processName: 'nginx' })),
      tracked('c', row({ state: 'ESTABLISHED', family: 'ipv4', processName: 'curl' })),
    ]);
    expect(tally.connections('LISTEN', 'ipv4')).toBe(1);
    expect(tally.connections('LISTEN', 'ipv6')).toBe(1);
    tally.apply([
      event('opened', 'd', row({ state: 'ESTABLISHED', family: 'ipv4', processName: 'curl' })),
      event('state-changed', 'c', row({ state: 'TIME_WAIT', family: 'ipv4', processName: null })),
      event('closed', 'a', row({ state: 'LISTEN', family: 'ipv4', processName: 'nginx' })),
    ]);
    expect(tally.connections('LISTEN', 'ipv4')).toBe(0);
    expect(tally.connections('ESTABLISHED', 'ipv4')).toBe(1);
    expect(tally.connections('TIME_WAIT', 'ipv4')).toBe(1);
    expect(tally.byProcessTop()).toEqual([
      { process: NO_PROCESS, count: 1 },
      { process: 'curl', count: 1 },
      { process: 'nginx', count: 1 },
      { process: OTHER_PROCESSES, count: 0 },
    ]);
  });

  it('moves a connection between processes on owner-changed and counts hidden owners', () => {
    const tally = new ConnectionTally();
    tally.reset([tracked('a', row({ processName: 'sshd' }))]);
    tally.apply([event('owner-changed', 'a', row({ processName: null, ownerHidden: true }))]);
    expect(tally.ownersHidden()).toBe(1);
    expect(tally.byProcessTop().map((p) => p.process)).toEqual([NO_PROCESS, OTHER_PROCESSES]);
    tally.apply([event('closed', 'a', row({ processName: null, ownerHidden: true }))]);
    expect(tally.ownersHidden()).toBe(0);
  });

  it('keeps 20 process names, busiest first, and sums the rest as other', () => {
    const tally = new ConnectionTally();
    const rows = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: i + 1 }, (_, j) => tracked(`p${i}-${j}`, row({ processName: `proc${i}` }))),
    ).flat();
    tally.reset(rows);
    const top = tally.byProcessTop();
    expect(top).toHaveLength(21);
    expect(top[0]).toEqual({ process: 'proc29', count: 30 });
    expect(top[19]).toEqual({ process: 'proc10', count: 11 });
    // proc0..proc9 own 1 + 2 + … + 10 connections.
    expect(top[20]).toEqual({ process: OTHER_PROCESSES, count: 55 });
  });
});
