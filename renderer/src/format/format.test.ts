import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatClockTime,
  formatDateTime,
  formatDuration,
  formatInterval,
  formatRtt,
  formatTransitionWithAge,
} from './format';

describe('formatBytes', () => {
  it('uses human binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(10 * 1024 * 1024 + 1)).toBe('10.0 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
  });
  it('is blank where the source reports nothing', () => {
    expect(formatBytes(null)).toBe('');
    expect(formatBytes(undefined)).toBe('');
  });
});

describe('formatRtt', () => {
  it('keeps sub-millisecond loopback RTTs readable', () => {
    expect(formatRtt(0.042)).toBe('42 µs');
    expect(formatRtt(0.0004)).toBe('0 µs');
    expect(formatRtt(1.5)).toBe('1.50 ms');
    expect(formatRtt(23.456)).toBe('23.5 ms');
    expect(formatRtt(250.4)).toBe('250 ms');
    expect(formatRtt(null)).toBe('');
  });
});

describe('times', () => {
  const at = new Date(2024, 4, 1, 14, 3, 7).toISOString();
  const atMs = new Date(at).getTime();

  it('formats local clock and date-time, blank for null', () => {
    expect(formatClockTime(at)).toBe('14:03:07');
    expect(formatDateTime(at)).toBe('2024-05-01 14:03:07');
    expect(formatClockTime(null)).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('says how long ago', () => {
    expect(formatAge(at, atMs + 300)).toBe('just now');
    expect(formatAge(at, atMs + 42_000)).toBe('42s ago');
    expect(formatAge(at, atMs + 5 * 60_000)).toBe('5m ago');
    expect(formatAge(at, atMs + 3 * 3_600_000)).toBe('3h ago');
    expect(formatAge(at, atMs + 49 * 3_600_000)).toBe('2d ago');
  });

  it('shows the last transition with its age', () => {
    expect(formatTransitionWithAge({ from: 'SYN_SENT', to: 'ESTABLISHED', at }, atMs + 5_000)).toBe(
      'SYN_SENT → ESTABLISHED · 5s ago',
    );
    expect(formatTransitionWithAge(null, atMs)).toBe('');
  });
});

describe('toolbar and status text', () => {
  it('formats intervals and poll durations', () => {
    expect(formatInterval(250)).toBe('250 ms');
    expect(formatInterval(1000)).toBe('1 s');
    expect(formatInterval(2500)).toBe('2.5 s');
    expect(formatDuration(3.42)).toBe('3.4 ms');
    expect(formatDuration(123.6)).toBe('124 ms');
    expect(formatDuration(null)).toBe('');
  });
});
