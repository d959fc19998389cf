import { describe, expect, it } from 'vitest';
import { makeGridRow, type GridRowFields } from '../sync/grid-row';
import { tcpRow } from '../sync/testing/test-fixtures';
import { ownerTooltip, shownOwner } from './owner-cell';

const data = (fields: Partial<GridRowFields> = {}) =>
  makeGridRow({
    id: 'x',
    row: tcpRow(),
    firstSeenAt: '',
    lastTransition: null,
    lastOwner: null,
    closed: false,
    highlight: null,
    highlightUntilTick: null,
    ...fields,
  });

describe('owner cells', () => {
  it('show the current owner plainly', () => {
    const d = data({ row: tcpRow({ pid: 5, processName: 'nginx' }) });
    expect(shownOwner(d)).toEqual({ name: 'nginx', pid: 5, how: 'current' });
    expect(ownerTooltip(d)).toBeUndefined();
  });

  it('show the last owner, greyed, once the socket has none', () => {
    const d = data({
      row: tcpRow({ pid: null, processName: null, state: 'TIME_WAIT' }),
      lastOwner: { pid: 1234, processName: 'nginx' },
    });
    expect(shownOwner(d)).toEqual({ name: 'nginx', pid: 1234, how: 'past' });
    expect(ownerTooltip(d)).toBe('Owned by nginx (1234) until it let go (TIME_WAIT)');
    expect(ownerTooltip({ ...d, closed: true })).toBe('Owned by nginx (1234) until it closed');
  });

  it('say so where no owner was ever known, and why', () => {
    const d = data({ row: tcpRow({ pid: null, processName: null, state: 'TIME_WAIT' }) });
    expect(shownOwner(d).how).toBe('none');
    expect(ownerTooltip(d)).toMatch(/^No owner: a TIME_WAIT socket belongs to no process/);
  });

  it('dash a hidden owner and explain it', () => {
    const d = data({ row: tcpRow({ pid: null, processName: null, ownerHidden: true, user: 'postgres' }) });
    expect(shownOwner(d)).toEqual({ name: '—', pid: null, how: 'hidden' });
    expect(ownerTooltip(d)).toMatch(
      /belongs to user postgres, whose processes Sockscope can see only when run as root or administrator/,
    );
  });
});
