import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../common/contract/messages';
import type { PushSink } from '../common/contract/monitor-port';

/** Forwards the monitor's pushes to every attached transport (web shell, Electron IPC). */
export class Fanout implements PushSink {
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

  names(json: Json<NamesMessage>): void {
    for (const sink of this.sinks) sink.names(json);
  }

  reset(): void {
    for (const sink of this.sinks) sink.reset();
  }
}
