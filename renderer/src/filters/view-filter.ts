/**
 * The view's filters besides the quick filter: states, the quick toggles, one process and one
 * remote host. Pure: the grid asks `viewFilterPredicate` once per filter change, then per row.
 */
import { TCP_STATES, type AddressFamily, type TcpState } from '../../../main/common/types';
import { scopedAddress } from '../../../main/common/endpoint-text';
import type { ConnectionGridRow } from '../sync/grid-row';

export interface ProcessFilter {
  pid: number;
  name: string | null;
}

export interface ViewFilter {
  /** Only these states; null for all. */
  states: TcpState[] | null;
  hideListeners: boolean;
  hideLoopback: boolean;
  /** TIME_WAIT and CLOSED rows, and rows that have just closed (fading red). */
  hideTimeWaitAndClosed: boolean;
  family: AddressFamily | 'all';
  process: ProcessFilter | null;
  /** A remote address as `scopedAddress` writes it. */
  remoteHost: string | null;
}

export const NO_VIEW_FILTER: ViewFilter = {
  states: null,
  hideListeners: false,
  hideLoopback: false,
  hideTimeWaitAndClosed: false,
  family: 'all',
  process: null,
  remoteHost: null,
};

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

export function isViewFiltered(filter: ViewFilter): boolean {
  return (
    filter.states !== null ||
    filter.hideListeners ||
    filter.hideLoopback ||
    filter.hideTimeWaitAndClosed ||
    filter.family !== 'all' ||
    filter.process !== null ||
    filter.remoteHost !== null
  );
}

/** The row test for a filter; null when it lets everything through. */
export function viewFilterPredicate(filter: ViewFilter): ((row: ConnectionGridRow) => boolean) | null {
  if (!isViewFiltered(filter)) return null;
  const states = filter.states === null ? null : new Set(filter.states);
  const { hideListeners, hideLoopback, hideTimeWaitAndClosed, family, process, remoteHost } = filter;
  return (data) => {
    const row = data.row;
    if (states !== null && !states.has(row.state)) return false;
    if (hideListeners && row.state === 'LISTEN') return false;
    if (hideLoopback && isLoopbackAddress(row.localAddress)) return false;
    if (hideTimeWaitAndClosed && (data.closed || row.state === 'TIME_WAIT' || row.state === 'CLOSED')) return false;
    if (family !== 'all' && row.family !== family) return false;
    if (process !== null && row.pid !== process.pid) return false;
    if (remoteHost !== null && scopedAddress(row.remoteAddress, row.remoteScopeId) !== remoteHost) return false;
    return true;
  };
}

/** Toggles one state in the state filter: from all states, clicking a state shows only it. */
export function toggleState(states: TcpState[] | null, state: TcpState): TcpState[] | null {
  if (states === null) return [state];
  const next = states.includes(state) ? states.filter((s) => s !== state) : [...states, state];
  if (next.length === 0 || next.length === TCP_STATES.length) return null;
  return TCP_STATES.filter((s) => next.includes(s));
}
