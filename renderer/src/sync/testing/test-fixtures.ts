/** Builders for monitor messages in unit tests. */
import type { TcpRow } from '../../../../main/common/types';
import { row } from '../../../../main/common/testing/test-rows';
import type { ConnectionEvent, TrackedConnection } from '../../../../main/common/contract/events';
import type { EventsMessage, MetricsUpdate, MonitorStatus, SnapshotMessage } from '../../../../main/common/contract/messages';

export const T0 = '2024-05-01T12:00:00.000Z';

/** A test row (the common factory) with the renderer tests' defaults: owned by curl, no inode. */
export function tcpRow(overrides: Partial<TcpRow> = {}): TcpRow {
  return row({ processName: 'curl', inode: undefined, ...overrides });
}

export function tracked(id: string, row: Partial<TcpRow> = {}): TrackedConnection {
  return { id, row: tcpRow(row), firstSeenAt: T0, lastTransition: null };
}

export function status(overrides: Partial<MonitorStatus> = {}): MonitorStatus {
  return {
    source: 'netlink',
    sourceDescription: 'sock_diag netlink',
    intervalMs: 1000,
    lastGoodPollAt: T0,
    error: null,
    pollDurationMs: 2.5,
    closeRefusal: { ipv4: null, ipv6: null },
    resolveNames: true,
    history: { recording: true, note: null, since: T0 },
    ...overrides,
  };
}

export function snapshot(seq: number, connections: TrackedConnection[], epoch = 'monitor-1'): SnapshotMessage {
  return { type: 'snapshot', epoch, seq, time: T0, connections, names: [], status: status() };
}

export function events(...list: ConnectionEvent[]): EventsMessage {
  return { type: 'events', time: T0, events: list, metrics: [], updates: [], status: status() };
}

export function eventsWithMetrics(list: ConnectionEvent[], metrics: MetricsUpdate[]): EventsMessage {
  return { ...events(...list), metrics };
}

export const opened = (seq: number, id: string, row: Partial<TcpRow> = {}): ConnectionEvent => ({
  seq,
  time: T0,
  type: 'opened',
  id,
  connection: tcpRow(row),
});

export const stateChanged = (
  seq: number,
  id: string,
  from: TcpRow['state'],
  to: TcpRow['state'],
  row: Partial<TcpRow> = {},
): ConnectionEvent => ({
  seq,
  time: T0,
  type: 'state-changed',
  id,
  connection: tcpRow({ ...row, state: to }),
  from,
  to,
});

export const ownerChanged = (seq: number, id: string, row: Partial<TcpRow>): ConnectionEvent => ({
  seq,
  time: T0,
  type: 'owner-changed',
  id,
  connection: tcpRow(row),
});

export const closed = (seq: number, id: string, row: Partial<TcpRow> = {}): ConnectionEvent => ({
  seq,
  time: T0,
  type: 'closed',
  id,
  connection: tcpRow(row),
});
