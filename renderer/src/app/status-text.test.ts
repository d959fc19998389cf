import { describe, expect, it } from 'vitest';
import { intervalOptions, keepingText, lastRefreshText, pollErrorText, sourceLabel, transportText } from './status-text';
import { status } from '../sync/testing/test-fixtures';
import { formatDateTime } from '../format/format';

describe('intervalOptions', () => {
  it('offers 250 ms to 10 s', () => {
    expect(intervalOptions(1000).map((o) => o.label)).toEqual(['250 ms', '500 ms', '1 s', '2 s', '5 s', '10 s']);
  });
  it('includes an unusual current interval so the selector shows the truth', () => {
    expect(intervalOptions(750).map((o) => o.value)).toEqual([250, 500, 750, 1000, 2000, 5000, 10_000]);
  });
});

describe('status bar text', () => {
  it('names the data source with its description', () => {
    expect(sourceLabel(status({ source: 'proc', sourceDescription: '/proc/net/tcp (netlink unavailable)' }))).toBe(
      'proc — /proc/net/tcp (netlink unavailable)',
    );
    expect(sourceLabel(null)).toBe('connecting…');
  });

  it('shows the last good poll time', () => {
    const at = new Date(2024, 0, 1, 9, 5, 3).toISOString();
    expect(lastRefreshText(status({ lastGoodPollAt: at }))).toBe('Last refresh 09:05:03');
    expect(lastRefreshText(status({ lastGoodPollAt: null }))).toBe('No refresh yet');
  });
});

describe('pollErrorText', () => {
  it('is absent while polls succeed', () => {
    expect(pollErrorText(status())).toBeNull();
  });

  it('gives the error and how old the table is', () => {
    const good = new Date(2024, 0, 1, 9, 5, 3).toISOString();
    const failed = new Date(2024, 0, 1, 9, 5, 9).toISOString();
    expect(pollErrorText(status({ lastGoodPollAt: good, error: { message: 'netlink: EPERM', at: failed } }))).toBe(
      'Polling failed at 09:05:09: netlink: EPERM — showing data from the last good poll at 2024-01-01 09:05:03. Still retrying.',
    );
  });

  it('says so when no poll ever succeeded', () => {
    expect(pollErrorText(status({ lastGoodPollAt: null, error: { message: 'boom', at: 'bad' } }))).toContain(
      'no poll has succeeded yet',
    );
  });
});

describe('transportText', () => {
  it('warns only while the connection is down', () => {
    expect(transportText('open')).toBeNull();
    expect(transportText('closed')).toMatch(/reconnecting/);
  });

  it('says whether the monitor records, why not, and whether short-lived connections are seen', () => {
    const off = keepingText(status({ history: { recording: false, note: 'recording is off (--no-history)', since: null } }));
    expect(off).toEqual({ label: 'Not recording', detail: 'Not recording: recording is off (--no-history)' });
    const on = keepingText(
      status({
        history: { recording: true, note: null, since: '2024-01-01T09:00:00.000Z' },
        shortLived: { watching: false, note: 'the kernel refused the subscription: EPERM' },
      }),
    );
    expect(on?.label).toBe('● Recording');
    expect(on?.detail.split('\n')).toEqual([
      `Recording since ${formatDateTime('2024-01-01T09:00:00.000Z')}`,
      'Short-lived connections are not seen: the kernel refused the subscription: EPERM',
    ]);
  });
});
