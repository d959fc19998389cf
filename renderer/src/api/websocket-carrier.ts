/**
 * The web shell's WebSocket (`ws://host/ws`, authenticated by the session cookie) as the carrier of SockscopeApi. Push
 * messages are forwarded as the server's JSON text so the renderer parses each one once;
 * request/response pairs are matched by frame id. After a drop it reconnects with backoff; the
 * server sends a fresh snapshot on every new connection, so no state needs replaying.
 */
import {
  PUSH_TYPES,
  type ApiCarrier,
  type PushListener,
  type PushType,
  type RequestName,
  type Unsubscribe,
  type WsRequestFrame,
  type WsResponseFrame,
} from '../../../main/common/contract/requests';
import { Listeners } from './listeners';

/** `refused`: the server answers but no longer takes this page's token (it restarted with a new one). */
export type TransportState = 'connecting' | 'open' | 'closed' | 'refused';

/** Whether the server still takes this page's credentials, asked after a connection attempt fails. */
export type AccessProbe = () => Promise<'ok' | 'refused' | 'unreachable'>;

/** The part of the DOM WebSocket this client uses (so tests can supply a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: Event) => unknown) | null;
  onmessage: ((event: MessageEvent) => unknown) | null;
  onclose: ((event: CloseEvent) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
}

export interface WebSocketCarrierOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** A request unanswered this long is rejected. */
  requestTimeoutMs?: number;
  /** Delay before each reconnect attempt; the last one repeats. */
  reconnectDelaysMs?: readonly number[];
  /** Asked when a connection fails before it opens: a refused token ends the retries. */
  probeAccess?: AccessProbe;
}

const SOCKET_OPEN = 1;
const DEFAULT_RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000] as const;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Reads the message type from the head of the text without parsing a 100 000-row snapshot. */
const LEADING_TYPE = /^\s*\{\s*"type"\s*:\s*"([a-zA-Z]+)"/;

interface PendingRequest {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  /** Written to a socket: a drop loses it. Unsent frames wait in the outbox instead. */
  sent: boolean;
}

export class WebSocketCarrier implements ApiCarrier {
  /** Push listeners by message type; each gets the server's text as it came. */
  private readonly pushListeners = new Map<PushType, Listeners<string>>(
    PUSH_TYPES.map((type) => [type, new Listeners<string>()]),
  );
  private readonly stateListeners = new Listeners<TransportState>();
  private readonly pending = new Map<number, PendingRequest>();
  private readonly outbox = new Map<number, string>();
  private readonly createSocket: (url: string) => SocketLike;
  private readonly requestTimeoutMs: number;
  private readonly reconnectDelaysMs: readonly number[];
  private socket: SocketLike | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private failedAttempts = 0;
  private nextId = 1;
  private disposed = false;
  private currentState: TransportState = 'connecting';
  /** Whether the socket being dropped had opened (a drop) or not (a refused or failed connect). */
  private opened = false;

  constructor(private readonly options: WebSocketCarrierOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.reconnectDelaysMs = options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
    this.connect();
  }

  get state(): TransportState {
    return this.currentState;
  }

  onConnectionState(listener: (state: TransportState) => void): Unsubscribe {
    return this.stateListeners.add(listener);
  }

  subscribe<T extends PushType>(type: T, listener: PushListener<T>): Unsubscribe {
    return this.listenersFor(type).add(listener);
  }

  call(method: RequestName, params: object): Promise<unknown> {
    const frame = { id: this.nextId++, method, params } as WsRequestFrame;
    const text = JSON.stringify(frame);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(frame.id, new Error(`${method}: no answer from the monitor in ${this.requestTimeoutMs} ms`)),
        this.requestTimeoutMs,
      );
      this.pending.set(frame.id, { resolve, reject, timer, sent: false });
      if (this.disposed) this.settle(frame.id, new Error('Connection closed'));
      else this.sendOrQueue(frame.id, text);
    });
  }

  /** Closes for good: no reconnects, pending requests rejected. */
  dispose(): void {
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = null; // detached first, so its close event is not taken for a drop
    socket?.close();
    for (const id of [...this.pending.keys()]) this.settle(id, new Error('Connection closed'));
  }

  private sendOrQueue(id: number, text: string): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    if (this.socket?.readyState === SOCKET_OPEN) {
      this.socket.send(text);
      pending.sent = true;
    } else {
      this.outbox.set(id, text);
    }
  }

  private settle(id: number, outcome: Error | { result: unknown }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.outbox.delete(id);
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome.result);
  }

  private connect(): void {
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      console.error('sockscope: cannot open the WebSocket', error);
      this.handleDrop();
      return;
    }
    this.socket = socket;
    this.opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.opened = true;
      this.failedAttempts = 0;
      this.setState('open');
      const queued = [...this.outbox];
      this.outbox.clear();
      for (const [id, text] of queued) this.sendOrQueue(id, text);
    };
    socket.onmessage = (event) => {
      if (socket === this.socket && typeof event.data === 'string') this.handleText(event.data);
    };
    socket.onclose = () => {
      if (socket === this.socket) this.handleDrop();
    };
    // An error is always followed by close; handling it there avoids a double reconnect.
    socket.onerror = () => undefined;
  }

  private handleDrop(): void {
    this.socket = null;
    // Requests on the dead socket may or may not have run; the caller must decide to retry.
    for (const [id, pending] of [...this.pending]) {
      if (pending.sent) this.settle(id, new Error('Connection to the monitor was lost'));
    }
    this.setState('closed');
    if (this.disposed) return;
    const probe = this.options.probeAccess;
    if (!this.opened && probe) {
      // The browser hides why an upgrade failed: ask the server whether it still takes us.
      void probe().then(
        (access) => (access === 'refused' ? this.refuse() : this.scheduleReconnect()),
        () => this.scheduleReconnect(),
      );
      return;
    }
    this.scheduleReconnect();
  }

  /** The server refuses this page for good: no more retries, nothing pending can be answered. */
  private refuse(): void {
    if (this.disposed) return;
    for (const id of [...this.pending.keys()]) this.settle(id, new Error('the server no longer accepts this page'));
    this.setState('refused');
  }

  private scheduleReconnect(): void {
    if (this.disposed) return;
    const delay = this.reconnectDelaysMs[Math.min(this.failedAttempts, this.reconnectDelaysMs.length - 1)] ?? 1000;
    this.failedAttempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.disposed) this.connect();
    }, delay);
  }

  private handleText(text: string): void {
    // Push messages start with their type: routed without parsing (the renderer parses once).
    if (!this.routePush(LEADING_TYPE.exec(text.slice(0, 64))?.[1], text)) this.handleParsed(text);
  }

  /** Hands a push message to its listeners; false if `type` is not a push message's. */
  private routePush(type: string | undefined, text: string): boolean {
    const listeners = type === undefined ? undefined : this.pushListeners.get(type as PushType);
    listeners?.emit(text);
    return listeners !== undefined;
  }

  private listenersFor(type: PushType): Listeners<string> {
    const listeners = this.pushListeners.get(type);
    if (!listeners) throw new Error(`no push message '${type}' in the contract`);
    return listeners;
  }

  /** Responses, and any push message whose `type` is not its first key. */
  private handleParsed(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      console.error('sockscope: unreadable frame from the monitor');
      return;
    }
    if (!isTyped(frame)) return;
    if (frame.type === 'response') {
      const response = frame as WsResponseFrame;
      this.settle(response.id, response.ok ? { result: response.result } : new Error(response.error));
      return;
    }
    if (typeof frame.type === 'string') this.routePush(frame.type, text);
  }

  private setState(state: TransportState): void {
    if (state === this.currentState && state !== 'connecting') return;
    this.currentState = state;
    this.stateListeners.emit(state);
  }
}

function isTyped(value: unknown): value is { type: unknown } {
  return typeof value === 'object' && value !== null && 'type' in value;
}

/**
 * The WebSocket address for a page served by `sockscope serve`. No token in it: the browser sends
 * the session cookie with the upgrade, and the server refuses a token in the WebSocket's URL.
 */
export function webSocketUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const url = new URL('/ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Asks the page's own server for the page: 401 means its token is no longer the server's. */
export function probePageAccess(pageUrl: string): AccessProbe {
  return async () => {
    try {
      const res = await fetch(new URL('/', pageUrl), { method: 'HEAD', credentials: 'same-origin', cache: 'no-store' });
      return res.status === 401 ? 'refused' : 'ok';
    } catch {
      return 'unreachable';
    }
  };
}
