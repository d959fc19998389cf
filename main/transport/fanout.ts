import type { EventsMessage, Json, StatusMessage } from '../contract/messages';
import type { HostListeners } from '../monitor/monitor-host';

/** Where a transport receives the monitor's pushes. */
export type PushSink = HostListeners;

/** Forwards the monitor's pushes to every attached transport (web shell, Electron IPC). */
export class Fanout implements HostListeners {
  private readonly sinks = new Set<PushSink>();

  attach(sink: PushSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  events(json: Json<EventsMessage>): void {
    for (const sink of this.sinks) sink.events(json);
  }

  status(json: Json<StatusMessage>): void {
    for (const sink of this.sinks) sink.status(json);
  }

  reset(): void {
    for (const sink of this.sinks) sink.reset();
  }
}
