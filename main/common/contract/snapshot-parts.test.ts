import { describe, expect, it } from 'vitest';
import type { SnapshotMessage } from './messages';
import { decodeSnapshot, decodeSnapshotHead, decodeSnapshotRows, encodeSnapshot } from './snapshot-parts';
import { row } from '../testing/test-rows';

const status = {} as SnapshotMessage['status'];
const table = (n: number): SnapshotMessage => ({
  type: 'snapshot',
  epoch: 'e1',
  seq: 41,
  time: '2026-12-03T08:00:00.000Z',
  connections: Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    row: row({ localPort: 1000 + i }),
    firstSeenAt: '2026-12-03T08:00:00.000Z',
    lastTransition: null,
  })),
  names: [],
  status,
});

describe('encodeSnapshot', () => {
  it('sends a table that fits in one message as one message', () => {
    const texts = encodeSnapshot(table(3), 3);
    expect(texts).toHaveLength(1);
    expect(decodeSnapshotHead(texts[0])).toMatchObject({ type: 'snapshot', rowsToFollow: 0, connections: table(3).connections });
  });

  it('sends a bigger one in parts, in order, each naming the snapshot it belongs to', () => {
    const [first, ...rest] = encodeSnapshot(table(7), 3);
    expect(rest).toHaveLength(2);
    const head = decodeSnapshotHead(first);
    expect(head.connections.map((c) => c.id)).toEqual(['c0', 'c1', 'c2']);
    expect(head.rowsToFollow).toBe(4);
    const parts = rest.map(decodeSnapshotRows);
    expect(parts.map((p) => [p.type, p.epoch, p.seq, p.connections.map((c) => c.id)])).toEqual([
      ['snapshotRows', 'e1', 41, ['c3', 'c4', 'c5']],
      ['snapshotRows', 'e1', 41, ['c6']],
    ]);
  });

  it('decodes the parts back into the whole table', () => {
    const whole = table(10);
    expect(decodeSnapshot(encodeSnapshot(whole, 4))).toEqual({ ...whole, rowsToFollow: 0 });
  });

  it('sends rows compactly and gives them back exactly: keys absent stay absent, nulls stay null, owners and transitions kept', () => {
    const whole = table(4);
    whole.connections[1] = { ...whole.connections[1], row: row({ pid: null, processName: null, bytesSent: 5, user: null }) };
    whole.connections[2] = {
      ...whole.connections[2],
      lastOwner: { pid: 7, processName: 'nginx' },
      lastTransition: { from: 'ESTABLISHED', to: 'TIME_WAIT', at: '2026-12-03T08:00:01.000Z' },
    };
    const decoded = decodeSnapshot(encodeSnapshot(whole, 3)).connections;
    expect(decoded).toEqual(whole.connections);
    expect(decoded.map((c) => Object.keys(c.row))).toEqual(whole.connections.map((c) => Object.keys(c.row)));
    expect('lastOwner' in decoded[0]).toBe(false);
    const hundred = table(100);
    expect(encodeSnapshot(hundred, 100)[0].length).toBeLessThan(JSON.stringify(hundred).length * 0.6);
  });
});
