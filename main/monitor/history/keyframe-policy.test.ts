import { describe, expect, it } from 'vitest';
import { keyframeDue } from './keyframe-policy';

const MIN = 60_000;

describe('when a keyframe is written', () => {
  it('never while nothing happens, however long', () => {
    expect(keyframeDue({ events: 0, rows: 200, elapsedMs: 24 * 60 * MIN })).toBe(false);
  });

  it('every few minutes on a desktop-sized table that changes', () => {
    expect(keyframeDue({ events: 40, rows: 200, elapsedMs: 4 * MIN })).toBe(false);
    expect(keyframeDue({ events: 40, rows: 200, elapsedMs: 5 * MIN })).toBe(true);
  });

  it('once as many events as rows have happened, so rebuilding a moment replays at most a table’s worth', () => {
    expect(keyframeDue({ events: 39_999, rows: 40_000, elapsedMs: MIN })).toBe(false);
    expect(keyframeDue({ events: 40_000, rows: 40_000, elapsedMs: MIN })).toBe(true);
  });

  it('not every few minutes for a big, quiet table (its keyframes would dwarf its events), but within hours', () => {
    expect(keyframeDue({ events: 3, rows: 40_000, elapsedMs: 30 * MIN })).toBe(false);
    expect(keyframeDue({ events: 3, rows: 40_000, elapsedMs: 6 * 60 * MIN })).toBe(true);
  });
});
