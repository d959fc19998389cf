import { describe, expect, it } from 'vitest';
import { row } from '../../../main/common/testing/test-rows';
import { makeGridRow, type ConnectionGridRow } from '../sync/grid-row';
import { NO_VIEW_FILTER, isLoopbackAddress, toggleState, viewFilterPredicate, type ViewFilter } from './view-filter';

const gridRow = (overrides: Parameters<typeof row>[0], closed = false): ConnectionGridRow =>
  makeGridRow({
    id: 'x',
    row: row(overrides),
    firstSeenAt: '',
    lastTransition: null,
    lastOwner: null,
    closed,
    highlight: null,
    highlightUntilTick: null,
  });

const passes = (filter: Partial<ViewFilter>, r: ConnectionGridRow) =>
  viewFilterPredicate({ ...NO_VIEW_FILTER, ...filter })?.(r) ?? true;

describe('view filter', () => {
  it('lets everything through when nothing is set', () => {
    expect(viewFilterPredicate(NO_VIEW_FILTER)).toBeNull();
  });

  it('filters by state, listeners, loopback, TIME_WAIT and closed, and family', () => {
    const listener = gridRow({ state: 'LISTEN', localAddress: '0.0.0.0', remoteAddress: '0.0.0.0', remotePort: 0 });
    const loopback = gridRow({ state: 'ESTABLISHED' });
    const outside = gridRow({ state: 'ESTABLISHED', localAddress: '10.0.0.2', remoteAddress: '93.184.216.34', remotePort: 443 });
    const timeWait = gridRow({ state: 'TIME_WAIT', localAddress: '10.0.0.2' });
    const justClosed = gridRow({ state: 'ESTABLISHED', localAddress: '10.0.0.2' }, true);
    const v6 = gridRow({ family: 'ipv6', localAddress: '2001:db8::1', remoteAddress: '2001:db8::2' });

    expect(passes({ states: ['LISTEN'] }, listener)).toBe(true);
    expect(passes({ states: ['LISTEN'] }, outside)).toBe(false);
    expect(passes({ hideListeners: true }, listener)).toBe(false);
    expect(passes({ hideLoopback: true }, loopback)).toBe(false);
    expect(passes({ hideLoopback: true }, outside)).toBe(true);
    expect(passes({ hideTimeWaitAndClosed: true }, timeWait)).toBe(false);
    expect(passes({ hideTimeWaitAndClosed: true }, justClosed)).toBe(false);
    expect(passes({ hideTimeWaitAndClosed: true }, outside)).toBe(true);
    expect(passes({ family: 'ipv6' }, v6)).toBe(true);
    expect(passes({ family: 'ipv4' }, v6)).toBe(false);
  });

  it('filters by process and by remote host, scope included', () => {
    const r = gridRow({ pid: 42, family: 'ipv6', remoteAddress: 'fe80::1', remoteScopeId: 3 });
    expect(passes({ process: { pid: 42, name: 'x' } }, r)).toBe(true);
    expect(passes({ process: { pid: 43, name: 'x' } }, r)).toBe(false);
    expect(passes({ remoteHost: 'fe80::1%3' }, r)).toBe(true);
    expect(passes({ remoteHost: 'fe80::1' }, r)).toBe(false);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.5.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['10.0.0.1', '::', '::ffff:10.0.0.1', '1270::1'].some(isLoopbackAddress)).toBe(false);
  });

  it('toggles states: one click shows only that state, and back to all', () => {
    expect(toggleState(null, 'LISTEN')).toEqual(['LISTEN']);
    expect(toggleState(['LISTEN'], 'ESTABLISHED')).toEqual(['LISTEN', 'ESTABLISHED']);
    expect(toggleState(['LISTEN'], 'LISTEN')).toBeNull();
  });
});
