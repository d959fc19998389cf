import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from '../common/contract/events';
import { EventLog } from './event-log';
import { row } from '../common/testing/test-rows';

const event = (seq: number, pid: number | null = 100): ConnectionEvent => ({
  seq,
  time: '2026-01-01T00:00:00.000Z',
  type: 'opened',
  id: `c${seq}`,
  connection: row({ pid }),
});

describe('EventLog', () => {
  it('keeps at most its capacity, dropping the oldest', () => {
    const log = new EventLog(3);
    log.append([event(1), event(2)]);
    log.append([event(3), event(4), event(5)]);
    expect(log.size).toBe(3);
    expect(log.query({ limit: 10 }).map((e) => e.seq)).toEqual([3, 4, 5]);
  });

  it('returns the newest matching events, oldest first', () => {
    const log = new EventLog(100);
    log.append([event(1, 7), event(2, 8), event(3, 7), event(4, 7), event(5, 8)]);
    expect(log.query({ pid: 7, limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(log.query({ pid: 9, limit: 2 })).toEqual([]);
  });

  it("gives a process its connections' whole story, including what happened after it let go", () => {
    const log = new EventLog(100);
    const conn = (over: Partial<ConnectionEvent>): ConnectionEvent => ({ ...event(0), id: 'c1', ...over });
    log.append([
      conn({ seq: 1, type: 'opened', connection: row({ pid: 7 }) }),
      { ...event(2, 8), id: 'c2' },
      conn({
        seq: 3,
        type: 'state-changed',
        from: 'ESTABLISHED',
        to: 'TIME_WAIT',
        connection: row({ pid: null, state: 'TIME_WAIT' }),
      }),
      conn({ seq: 4, type: 'closed', connection: row({ pid: null, state: 'TIME_WAIT' }) }),
    ]);
    expect(log.query({ pid: 7, limit: 10 }).map((e) => [e.seq, e.type])).toEqual([
      [1, 'opened'],
      [3, 'state-changed'],
      [4, 'closed'],
    ]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new EventLog(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});
