import type WebSocket from 'ws';
import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../common/contract/messages';
import type { MonitorPort, PushSink } from '../common/contract/monitor-port';
import type { WsResponseFrame } from '../common/contract/requests';
import { errorMessage } from '../common/errors';
import { serveRequest, type RequestingClient } from '../transport/serve-request';
import { DEFAULT_CLIENT_LIMITS, megabytes, type ClientLimits } from './client-limits';

/** WebSocket close code 1013, "Try Again Later": the server will not carry this client further. */
const CLOSE_TRY_AGAIN_LATER = 1013;
/** A client closed for its backlog that does not read its close frame is dropped this much later. */
const CLOSE_GRACE_MS = 1_000;

interface QueuedRequest {
  id: number;
  method: unknown;
  params: unknown;
}

/**
 * One browser tab on the WebSocket. It gets a snapshot on connect, then every push in order;
 * a tab that falls too far behind is resynced by snapshot instead of being sent a backlog, and
 * one whose unsent data passes the hard cap (answers count too) is closed. What it may ask is
 * bounded too: answers by size, requests by how many are answered and wait at once, snapshots by one at a time.
 */
export class WsClient implements PushSink, RequestingClient {
  /** Restarting elevated is the desktop app's: the web shell refuses it. */
  readonly elevation = null;
  private behind = false;
  private snapshotPending = false;
  /** Lowest unsent amount seen since the last snapshot was queued: backlog is growth above it. */
  private floor = 0;
  private inFlight = 0;
  private readonly queued: QueuedRequest[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly monitor: MonitorPort,
    /** `serve --allow-actions`; read-only otherwise. */
    readonly actionsAllowed: boolean,
    private readonly limits: ClientLimits = DEFAULT_CLIENT_LIMITS,
  ) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.respond({ type: 'response', id: -1, ok: false, error: 'binary frames are not accepted' });
      void this.handleRequest(data.toString());
    });
    // A client that left asks nothing more of the monitor.
    socket.on('close', () => this.queued.splice(0));
    this.sendSnapshot();
  }

  events(json: Json<EventsMessage>): void {
    const buffered = this.socket.bufferedAmount;
    if (this.behind) {
      if (buffered === 0 && !this.snapshotPending) this.sendSnapshot();
      return;
    }
    this.floor = Math.min(this.floor, buffered);
    if (buffered - this.floor > this.limits.backlogBytes) {
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

  /**
   * `requestSnapshot`: one at a time. While one is on its way the request is already served; while
   * much is unsent, the snapshot waits until it has drained (events stop meanwhile, as for a slow client).
   */
  resync(): void {
    if (this.snapshotPending || this.behind) return;
    if (this.socket.bufferedAmount > this.limits.resyncDeferBytes) {
      this.behind = true;
      return;
    }
    this.sendSnapshot();
  }

  private sendSnapshot(): void {
    this.snapshotPending = true;
    this.monitor.snapshotTexts().then(
      (texts) => {
        // All its parts at once, so that nothing comes between them.
        if (this.socket.readyState === this.socket.OPEN) for (const text of texts) this.socket.send(text);
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
    if (this.inFlight < this.limits.maxInFlight) return this.answer({ id, method, params });
    if (this.queued.length < this.limits.maxQueued) {
      this.queued.push({ id, method, params });
      return;
    }
    const error =
      `too many requests at once: ${this.limits.maxInFlight} are being answered and ${this.limits.maxQueued} wait; ` +
      'send more as they are answered';
    this.respond({ type: 'response', id, ok: false, error });
  }

  /** Answers one request, then lets the next waiting one in: at most `maxInFlight` at a time. */
  private async answer({ id, method, params }: QueuedRequest): Promise<void> {
    this.inFlight++;
    try {
      const result = await serveRequest(this.monitor, this, method, params);
      this.respond({ type: 'response', id, ok: true, result }, method);
    } catch (err) {
      this.respond({ type: 'response', id, ok: false, error: errorMessage(err) });
    } finally {
      this.inFlight--;
      const next = this.queued.shift();
      if (next) void this.answer(next);
    }
  }

  /** An answer too large for the cap is replaced by a one-line error saying so. */
  private respond(frame: WsResponseFrame, method?: unknown): void {
    let text = JSON.stringify(frame);
    const bytes = Buffer.byteLength(text);
    if (bytes > this.limits.maxResponseBytes) {
      const error =
        `the answer to ${String(method)} would be ${megabytes(bytes)}, over the web shell's limit of ` +
        `${megabytes(this.limits.maxResponseBytes)} per answer: ask for less (a lower limit or a shorter period)`;
      text = JSON.stringify({ type: 'response', id: frame.id, ok: false, error } satisfies WsResponseFrame);
    }
    this.send(text);
  }

  /** Queues `text` unless that would take this client past the hard cap: then it is closed, saying why. */
  private send(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    this.floor = Math.min(this.floor, buffered);
    const unsent = buffered - this.floor + Buffer.byteLength(text);
    if (unsent > this.limits.maxBufferedBytes) return this.closeForBacklog();
    this.socket.send(text);
  }

  private closeForBacklog(): void {
    const cap = megabytes(this.limits.maxBufferedBytes);
    this.socket.close(CLOSE_TRY_AGAIN_LATER, `sockscope: over ${cap} unsent to this client (the cap per client); reconnect`);
    // A client that does not read will not read its close frame either: free what it holds.
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}
