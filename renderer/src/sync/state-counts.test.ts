import { describe, expect, it } from 'vitest';
import { EMPTY_STATE_COUNTS, StateCounter, formatStateCounts, sameStateCounts } from './state-counts';

describe('StateCounter', () => {
  it('counts connections by state, busiest first, with a total', () => {
    const counter = new StateCounter();
    for (let i = 0; i < 3; i++) counter.add('TIME_WAIT');
    for (let i = 0; i < 12; i++) counter.add('ESTABLISHED');
    for (let i = 0; i < 5; i++) counter.add('LISTEN');
    const counts = counter.snapshot();
    expect(formatStateCounts(counts)).toBe('ESTABLISHED 12 · LISTEN 5 · TIME_WAIT 3');
    expect(counts.total).toBe(20);
  });

  it('drops a state from the text once its last connection goes', () => {
    const counter = new StateCounter();
    counter.add('SYN_SENT');
    counter.add('LISTEN');
    counter.remove('SYN_SENT');
    expect(formatStateCounts(counter.snapshot())).toBe('LISTEN 1');
    expect(counter.snapshot().total).toBe(1);
  });

  it('orders equal counts by TCP state order so the bar does not jitter', () => {
    const counter = new StateCounter();
    counter.add('TIME_WAIT');
    counter.add('LISTEN');
    counter.add('ESTABLISHED');
    expect(formatStateCounts(counter.snapshot())).toBe('LISTEN 1 · ESTABLISHED 1 · TIME_WAIT 1');
  });

  it('compares snapshots by value', () => {
    const counter = new StateCounter();
    expect(sameStateCounts(counter.snapshot(), EMPTY_STATE_COUNTS)).toBe(true);
    counter.add('LISTEN');
    expect(sameStateCounts(counter.snapshot(), EMPTY_STATE_COUNTS)).toBe(false);
  });
});
