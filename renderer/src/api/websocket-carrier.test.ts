import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketCarrier, webSocketUrl, type SocketLike, type TransportState } from './websocket-carrier';
import { sockscopeApi, type SockscopeApi, type WsRequestFrame } from '../../../main/common/contract/requests';
import { snapshot, status, tracked } from '../sync/testing/test-fixtures';
import { encodeSnapshot } from '../../../main/common/contract/snapshot-parts';

class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(text: string): void {
    this.onmessage?.({ data: text } as MessageEvent);
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  frames(): WsRequestFrame[] {
    return this.sent.map((text) => JSON.parse(text) as WsRequestFrame);
  }
}

let sockets: FakeSocket[];
let carrier: WebSocketCarrier;
let api: SockscopeApi;
const latest = (): FakeSocket => {
  const socket = sockets.at(-1);
  if (!socket) throw new Error('no socket');
  return socket;
};

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  carrier = new WebSocketCarrier({
    url: 'ws://127.0.0.1:9000/ws',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    reconnectDelaysMs: [100, 1000],
    requestTimeoutMs: 5000,
  });
  api = sockscopeApi(carrier);
});

afterEach(() => {
  carrier.dispose();
  vi.useRealTimers();
});

describe('WebSocketCarrier, as SockscopeApi', () => {
  it('hands push messages to the right listener as the server’s own text', () => {
    const snapshots: string[] = [];
    const statuses: string[] = [];
    api.onSnapshot((text) => snapshots.push(text));
    api.onStatus((text) => statuses.push(text));
    latest().open();
    const rows: string[] = [];
    api.onSnapshotRows((text) => rows.push(text));
    const [snapshotText, ...rowsTexts] = encodeSnapshot(snapshot(7, [tracked('a'), tracked('b'), tracked('c')]), 2);
    latest().receive(snapshotText);
    for (const text of rowsTexts) latest().receive(text);
    // Key order is not guaranteed by the contract: a status whose type comes last still routes.
    latest().receive(JSON.stringify({ status: status({ intervalMs: 2000 }), type: 'status' }));
    expect(snapshots).toEqual([snapshotText]);
    expect(rows).toEqual(rowsTexts);
    expect(statuses).toHaveLength(1);
  });

  it('answers a request with the matching response frame', async () => {
    latest().open();
    const changed = api.setIntervalMs({ intervalMs: 2000 });
    const [frame] = latest().frames();
    expect(frame).toMatchObject({ method: 'setIntervalMs', params: { intervalMs: 2000 } });
    latest().receive(JSON.stringify({ type: 'response', id: frame?.id, ok: true, result: status({ intervalMs: 2000 }) }));
    await expect(changed).resolves.toMatchObject({ intervalMs: 2000 });
  });

  it('rejects with the server’s error message', async () => {
    latest().open();
    const result = api.setIntervalMs({ intervalMs: 5 });
    const id = latest().frames()[0]?.id;
    latest().receive(JSON.stringify({ type: 'response', id, ok: false, error: 'interval out of range' }));
    await expect(result).rejects.toThrow('interval out of range');
  });

  it('holds requests made before the socket opens and sends them on open', () => {
    api.getProcess({ pid: 42 }).catch(() => undefined);
    expect(latest().sent).toEqual([]);
    latest().open();
    expect(latest().frames()).toMatchObject([{ method: 'getProcess', params: { pid: 42 } }]);
  });

  it('after a drop, fails requests in flight, reports the state and reconnects', async () => {
    const states: TransportState[] = [];
    carrier.onConnectionState((state) => states.push(state));
    latest().open();
    const inFlight = api.requestSnapshot();
    latest().drop();
    await expect(inFlight).rejects.toThrow(/lost/);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    latest().open();
    expect(states).toEqual(['open', 'closed', 'connecting', 'open']);
  });

  it('backs off between failed reconnects and resets once connected', () => {
    latest().drop();
    vi.advanceTimersByTime(100);
    latest().drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  it('times out a request the server never answers', async () => {
    latest().open();
    const history = api.getHistory({ pid: 1, limit: 200 });
    vi.advanceTimersByTime(5000);
    await expect(history).rejects.toThrow(/no answer/);
  });

  it('ignores frames from a socket it has replaced', () => {
    const events: string[] = [];
    api.onEvents((text) => events.push(text));
    const first = latest();
    first.open();
    first.drop();
    vi.advanceTimersByTime(100);
    first.receive(JSON.stringify({ type: 'events', time: '', events: [], status: status() }));
    expect(events).toEqual([]);
  });
});

describe('a server that no longer takes the page’s token', () => {
  it('stops reconnecting and says so, where a server that is only down is retried', async () => {
    let access: 'ok' | 'refused' | 'unreachable' = 'unreachable';
    const states: TransportState[] = [];
    const own: FakeSocket[] = [];
    const carrier = new WebSocketCarrier({
      url: 'ws://127.0.0.1:9000/ws',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        own.push(socket);
        return socket;
      },
      reconnectDelaysMs: [100],
      probeAccess: async () => access,
    });
    carrier.onConnectionState((state) => states.push(state));
    own[0].drop(); // the server is down: try again
    await vi.advanceTimersByTimeAsync(100);
    expect(own).toHaveLength(2);
    access = 'refused'; // it is back, with a new token
    own[1].drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(own).toHaveLength(2);
    expect(states.at(-1)).toBe('refused');
    carrier.dispose();
  });
});

describe('webSocketUrl', () => {
  it('targets /ws on the page’s own host, never with a token in the URL (the cookie carries it)', () => {
    expect(webSocketUrl('http://127.0.0.1:8123/')).toBe('ws://127.0.0.1:8123/ws');
    expect(webSocketUrl('http://127.0.0.1:8123/?token=abc%2Fdef')).toBe('ws://127.0.0.1:8123/ws');
    expect(webSocketUrl('https://example.test/app/index.html')).toBe('wss://example.test/ws');
  });
});
