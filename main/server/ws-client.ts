import type WebSocket from 'ws';
import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../common/contract/messages';
import type { MonitorPort, PushSink } from '../common/contract/monitor-port';
import type { WsResponseFrame } from '../common/contract/requests';
import { errorMessage } from '../common/errors';
import { serveRequest, type RequestingClient } from '../transport/serve-request';

/**
 * Past this much unsent data beyond what a snapshot itself queued, a client is too slow: it gets
 * no more events, then a fresh snapshot once drained.
 */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * One browser tab on the WebSocket. It gets a snapshot on connect, then every push in order;
 * a tab that falls too far behind is resynced by snapshot instead of being sent a backlog.
 */
export class WsClient implements PushSink, RequestingClient {
  /** Restarting elevated is the desktop app's: the web shell refuses it. */
  readonly elevation = null;
  private behind = false;
  private snapshotPending = false;
  /** Lowest unsent amount seen since the last snapshot was queued: backlog is growth above it. */
  private floor = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly monitor: MonitorPort,
    /** `serve --allow-actions`; read-only otherwise. */
    readonly actionsAllowed: boolean,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.respond({ type: 'response', id: -1, ok: false, error: 'binary frames are not accepted' });
      void this.handleRequest(data.toString());
    });
    this.sendSnapshot();
  }

  events(json: Json<EventsMessage>): void {
    const buffered = this.socket.bufferedAmount;
    if (this.behind) {
      if (buffered === 0 && !this.snapshotPending) this.sendSnapshot();
      return;
    }
    this.floor = Math.min(this.floor, buffered);
    if (buffered - this.floor > MAX_BACKLOG_BYTES) {
      this.behind = true;
      return;
    }
    this.send(json);
  }

  status(json: Json<StatusMessage>): void {
    this.send(json);
  }

  /** A client that fell behind gets none: the snapshot it is due carries the names. */
  names(json: Json<NamesMessage>): void {
    if (!this.behind) this.send(json);
  }

  reset(): void {
    this.sendSnapshot();
  }

  resync(): void {
    this.sendSnapshot();
  }

  private sendSnapshot(): void {
    this.snapshotPending = true;
    this.monitor.snapshotJson().then(
      (json) => {
        this.send(json);
        // Events sent while it was being made are older than it: the client drops them by seq.
        this.floor = this.socket.bufferedAmount;
        this.behind = false;
        this.snapshotPending = false;
      },
      () => {
        this.snapshotPending = false; // the monitor is restarting; reset() will resync this client
      },
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
    try {
      const result = await serveRequest(this.monitor, this, method, params);
      this.respond({ type: 'response', id, ok: true, result });
    } catch (err) {
      this.respond({ type: 'response', id, ok: false, error: errorMessage(err) });
    }
  }

  private respond(frame: WsResponseFrame): void {
    this.send(JSON.stringify(frame));
  }

  private send(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }
}
