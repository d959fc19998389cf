import { describe, expect, it } from 'vitest';
import type { EventsMessage, MonitorStatus, SnapshotMessage } from '../../common/contract/messages';
import { encodeJson } from '../../common/contract/messages';
import type { MonitorPort } from '../../common/contract/monitor-port';
import { encodeSnapshot } from '../../common/contract/snapshot-parts';
import { row } from '../../common/testing/test-rows';
import { SockscopeMetrics } from './sockscope-metrics';

const status = { pollDurationMs: 12, error: null } as MonitorStatus;
const snapshot: SnapshotMessage = {
  type: 'snapshot',
  epoch: 'e',
  seq: 5,
  time: 't',
  connections: [{ id: 'a', row: row({ state: 'LISTEN', processName: 'evil"\nname' }), firstSeenAt: 't', lastTransition: null }],
  names: [],
  status,
};
/** The snapshot of a table of one listener, as a monitor would give it. */
const port: MonitorPort = {
  snapshotTexts: () => Promise.resolve(encodeSnapshot(snapshot)),
  request: () => Promise.reject(new Error('no requests here')),
};

async function metricsAfterOnePoll(): Promise<string> {
  const metrics = new SockscopeMetrics(port);
  await new Promise((resolve) => setImmediate(resolve));
  const events: EventsMessage = {
    type: 'events',
    time: 't',
    // seq 5 is the snapshot's own: not counted twice.
    events: [5, 6].map((seq) => ({ seq, time: 't', type: 'opened', id: `n${seq}`, connection: row({ family: 'ipv6' }) })),
    metrics: [],
    updates: [],
    status,
  };
  metrics.events(encodeJson(events));
  metrics.status(encodeJson({ type: 'status', status: { ...status, error: { message: 'x', at: '1' } } }));
  return metrics.text();
}

describe('SockscopeMetrics', () => {
  // Dashboards and alerts depend on these names and labels: changing one is a breaking change.
  it('pins the metric names and labels', async () => {
    const text = await metricsAfterOnePoll();
    const names = [...new Set(text.match(/^sockscope_\w+/gm))].sort();
    expect(names).toEqual([
      'sockscope_connections',
      'sockscope_connections_by_process',
      'sockscope_events_total',
      'sockscope_listening_ports',
      'sockscope_owners_hidden',
      'sockscope_poll_duration_seconds_bucket',
      'sockscope_poll_duration_seconds_count',
      'sockscope_poll_duration_seconds_sum',
      'sockscope_poll_errors_total',
      'sockscope_short_lived_closes_total',
    ]);
    expect(text).toContain('sockscope_connections{state="LISTEN",family="ipv4"} 1');
    expect(text).toContain('sockscope_connections{state="ESTABLISHED",family="ipv6"} 1');
    expect(text).toContain('sockscope_connections{state="TIME_WAIT",family="ipv6"} 0');
    expect(text).toContain('sockscope_listening_ports{family="ipv4"} 1');
    expect(text).toContain('sockscope_events_total{type="opened"} 1');
    expect(text).toContain('sockscope_events_total{type="closed"} 0');
    expect(text).toContain('sockscope_poll_duration_seconds_count 1');
    expect(text).toContain('sockscope_poll_errors_total 1');
    expect(text).toContain('sockscope_connections_by_process{process="other"} 0');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts short-lived closes apart from the closes of connections a poll saw', async () => {
    const metrics = new SockscopeMetrics(port);
    await new Promise((resolve) => setImmediate(resolve));
    const closed = (seq: number, shortLived: boolean) => ({
      seq,
      time: 't',
      type: 'closed' as const,
      id: `c${seq}`,
      connection: row({ state: 'CLOSED', ...(shortLived ? { shortLived: true } : {}) }),
    });
    const events: EventsMessage = {
      type: 'events',
      time: 't',
      events: [closed(6, true), closed(7, true), closed(8, false)],
      metrics: [],
      updates: [],
      status,
    };
    metrics.events(encodeJson(events));
    const text = await metrics.text();
    expect(text).toContain('sockscope_short_lived_closes_total 2');
    expect(text).toContain('sockscope_events_total{type="closed"} 3');
  });

  it('escapes an untrusted process name in its label', async () => {
    const text = await metricsAfterOnePoll();
    expect(text).toContain('sockscope_connections_by_process{process="evil\\"\\nname"} 1');
  });
});
