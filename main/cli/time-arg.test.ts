import { describe, expect, it } from 'vitest';
import { parseTimeOption, parseTimeText } from './time-arg';

const NOW = Date.parse('2026-11-01T12:00:00.000Z');

describe('times on the command line', () => {
  it.each([
    ['-30s', NOW - 30_000],
    ['-10m', NOW - 600_000],
    ['-2h', NOW - 7_200_000],
    ['-1h30m', NOW - 5_400_000],
    ['-7d', NOW - 7 * 86_400_000],
    ['now', NOW],
    ['2026-11-01T10:15:00Z', Date.parse('2026-11-01T10:15:00Z')],
    ['2026-11-01T10:15:00.250+01:00', Date.parse('2026-11-01T09:15:00.250Z')],
    ['2026-11-01', Date.parse('2026-11-01T00:00:00Z')],
  ])('reads %s', (text, ms) => {
    expect(parseTimeText(text, NOW)).toBe(ms);
  });

  it.each(['yesterday', '10m', '-10', '-10x', '+1h', '2026-13-01', '2026-11-01T25:00:00Z', 'March 7', ''])(
    'refuses %j',
    (text) => {
      expect(parseTimeText(text, NOW)).toBeNull();
    },
  );

  it('names the option and both forms when it refuses one', () => {
    expect(() => parseTimeOption('history', 'since', 'yesterday', NOW)).toThrow(
      "sockscope history: --since must be an ISO-8601 time (2026-11-01T14:02:31Z) or relative to now (-10m, -2h, -7d), got 'yesterday'",
    );
    expect(parseTimeOption('history', 'since', undefined, NOW)).toBeUndefined();
  });
});
