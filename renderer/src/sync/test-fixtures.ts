/** Builders for monitor messages in unit tests. */
import type { TcpRow } from '../../../native-bridge/types';
import type { ConnectionEvent, TrackedConnection } from '../../../main/contract/events';
import type { EventsMessage, MetricsUpdate, MonitorStatus, SnapshotMessage } from '../../../main/contract/messages';

export const T0 = '2024-05-01T12:00:00.000Z';

export function tcpRow(overrides: Partial<TcpRow> = {}): TcpRow {
  return {
    family: 'ipv4',
    localAddress: '127.0.0.1',
    localPort: 40000,
    remoteAddress: '127.0.0.1',
    remotePort: 8080,
    state: 'ESTABLISHED',
    pid: 100,
    processName: 'curl',
    offloadState: null,
    createdAt: null,
    ...overrides,
  };
}

export function tracked(id: string, row: Partial<TcpRow> = {}): TrackedConnection {
  return { id, row: tcpRow(row), firstSeenAt: T0, lastTransition: null };
}

export function status(overrides: Partial<MonitorStatus> = {}): MonitorStatus {
  return {
    source: 'netlink',
    sourceDescription: 'sock_diag netlink',
    paused: false,
    intervalMs: 1000,
    lastGoodPollAt: T0,
    error: null,
    pollDurationMs: 2.5,
    ...overrides,
  };
}

export function snapshot(seq: number, connections: TrackedConnection[]): SnapshotMessage {
  return { type: 'snapshot', seq, time: T0, connections, status: status() };
}

export function events(...list: ConnectionEvent[]): EventsMessage {
  return { type: 'events', time: T0, events: list, metrics: [], status: status() };
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

export const stateChanged = (seq: number, id: string, from: TcpRow['state'], to: TcpRow['state'], row: Partial<TcpRow> = {}): ConnectionEvent => ({
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
