import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConnectionEventType } from '../../common/contract/events';
import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../../common/contract/messages';
import { decodeJson } from '../../common/contract/messages';
import { decodeSnapshot } from '../../common/contract/snapshot-parts';
import type { MonitorPort, PushSink } from '../../common/contract/monitor-port';
import { TCP_STATES } from '../../common/types';
import { ConnectionTally, FAMILIES } from './connection-tally';

const EVENT_TYPES: readonly ConnectionEventType[] = ['opened', 'state-changed', 'owner-changed', 'closed'];

/**
 * The Prometheus metrics of one monitor, as a push sink beside the transports' clients: it keeps
 * counts from the events every poll already sends, and the gauges are read from those counts
 * only when Prometheus scrapes.
 */
export class SockscopeMetrics implements PushSink {
  readonly registry = new Registry();
  private readonly tally = new ConnectionTally();
  /** The seq of the table the tally holds; -1 until a snapshot arrives. */
  private seq = -1;
  /** Events that came while a snapshot was on its way: applied after it, those newer than it. */
  private pending: EventsMessage[] | null = null;
  private lastErrorAt: string | null = null;
  private readonly eventsTotal: Counter<'type'>;
  private readonly pollDuration: Histogram;
  private readonly pollErrors: Counter;
  private readonly shortLivedCloses: Counter;

  constructor(private readonly monitor: MonitorPort) {
    const tally = this.tally;
    const registers = [this.registry];
    new Gauge({
      name: 'sockscope_connections',
      help: 'TCP connections by state and address family.',
      labelNames: ['state', 'family'],
      registers,
      collect() {
        for (const state of TCP_STATES)
          for (const family of FAMILIES) this.set({ state, family }, tally.connections(state, family));
      },
    });
    new Gauge({
      name: 'sockscope_listening_ports',
      help: 'Listening TCP sockets by address family.',
      labelNames: ['family'],
      registers,
      collect() {
        for (const family of FAMILIES) this.set({ family }, tally.connections('LISTEN', family));
      },
    });
    new Gauge({
      name: 'sockscope_connections_by_process',
      help: 'TCP connections of the 20 busiest process names; every other process is summed as "other".',
      labelNames: ['process'],
      registers,
      collect() {
        // Names leave the top 20: their old series must not linger with a stale count.
        this.reset();
        for (const { process, count } of tally.byProcessTop()) this.set({ process }, count);
      },
    });
    new Gauge({
      name: 'sockscope_owners_hidden',
      help: 'Connections whose owning process this monitor cannot see (run as root to see them).',
      registers,
      collect() {
        this.set(tally.ownersHidden());
      },
    });
    this.eventsTotal = new Counter({
      name: 'sockscope_events_total',
      help: 'Connection events the monitor has seen, by type.',
      labelNames: ['type'],
      registers,
    });
    for (const type of EVENT_TYPES) this.eventsTotal.inc({ type }, 0);
    this.pollDuration = new Histogram({
      name: 'sockscope_poll_duration_seconds',
      help: 'Wall time of one successful poll (table, owners and diff).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.pollErrors = new Counter({ name: 'sockscope_poll_errors_total', help: 'Polls that failed.', registers });
    this.shortLivedCloses = new Counter({
      name: 'sockscope_short_lived_closes_total',
      help: 'Connections opened and closed between two polls, known from the kernel socket-destroy notifications (Linux).',
      registers,
    });
    // RSS, CPU, heap and event-loop lag of this Sockscope process.
    collectDefaultMetrics({ register: this.registry });
    this.resync();
  }

  events(json: Json<EventsMessage>): void {
    const message = decodeJson(json);
    if (this.pending) this.pending.push(message);
    else this.applyEvents(message);
  }

  status(json: Json<StatusMessage>): void {
    const { error } = decodeJson(json).status;
    if (error && error.at !== this.lastErrorAt) {
      this.lastErrorAt = error.at;
      this.pollErrors.inc();
    }
  }

  names(_json: Json<NamesMessage>): void {}

  reset(): void {
    this.resync();
  }

  /** The exposition text. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private applyEvents(message: EventsMessage): void {
    const fresh = message.events.filter((e) => e.seq > this.seq);
    for (const event of fresh) {
      this.eventsTotal.inc({ type: event.type });
      if (event.type === 'closed' && event.connection.shortLived === true) this.shortLivedCloses.inc();
    }
    this.tally.apply(fresh, message.updates);
    if (fresh.length > 0) this.seq = fresh[fresh.length - 1].seq;
    if (message.betweenPolls !== true && message.status.pollDurationMs !== null)
      this.pollDuration.observe(message.status.pollDurationMs / 1000);
  }

  private resync(): void {
    this.pending = [];
    this.monitor.snapshotTexts().then(
      (texts) => {
        const snapshot = decodeSnapshot(texts);
        this.tally.reset(snapshot.connections);
        this.seq = snapshot.seq;
        const pending = this.pending ?? [];
        this.pending = null;
        for (const message of pending) this.applyEvents(message);
      },
      () => {
        this.pending = null; // the monitor is restarting; reset() will resync
      },
    );
  }
}
