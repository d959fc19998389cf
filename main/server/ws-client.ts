import type WebSocket from 'ws';
import type { EventsMessage, Json, StatusMessage, WsResponseFrame } from '../contract/messages';
import { isRequestName } from '../contract/validate';
import type { PushSink } from '../transport/fanout';
import type { MonitorPort } from '../transport/monitor-port';

/** Past this much unsent data a client is too slow: it gets no more events, then a fresh snapshot once drained. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * One browser tab on the WebSocket. It gets a snapshot on connect, then every push in order;
 * a tab that falls too far behind is resynced by snapshot instead of being sent a backlog.
 */
export class WsClient implements PushSink {
  private behind = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly monitor: MonitorPort,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.respond({ type: 'response', id: -1, ok: false, error: 'binary frames are not accepted' });
      void this.handleRequest(data.toString());
    });
    this.sendSnapshot();
  }

  events(json: Json<EventsMessage>): void {
    if (this.behind) {
      if (this.socket.bufferedAmount === 0) this.sendSnapshot();
      return;
    }
    this.send(json);
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) this.behind = true;
  }

  status(json: Json<StatusMessage>): void {
    this.send(json);
  }

  reset(): void {
    this.sendSnapshot();
  }

  private sendSnapshot(): void {
    this.behind = false;
    this.monitor.snapshotJson().then(
      (json) => this.send(json),
      () => undefined, // the monitor is restarting; reset() will resync this client
    );
  }

  private async handleRequest(text: string): Promise<void> {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.respond({ type: 'response', id: -1, ok: false, error: 'request is not JSON' });
    }
    const { id, method, params } = (frame ?? {}) as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof id !== 'number' || !Number.isInteger(id)) {
      return this.respond({ type: 'response', id: -1, ok: false, error: 'request has no integer id' });
    }
    if (!isRequestName(method)) {
      return this.respond({ type: 'response', id, ok: false, error: `unknown method ${JSON.stringify(method)}` });
    }
    try {
      const result = await this.monitor.request(method, params);
      if (method === 'requestSnapshot') this.sendSnapshot();
      this.respond({ type: 'response', id, ok: true, result });
    } catch (err) {
      this.respond({ type: 'response', id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private respond(frame: WsResponseFrame): void {
    this.send(JSON.stringify(frame));
  }

  private send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }
}
