/**
 * Picks the transport: Electron's preload exposes `window.sockscope`; in a browser served by
 * `sockscope serve` the same bundle talks WebSocket to the page's own origin.
 */
import { sockscopeApi, type SockscopeApi, type Unsubscribe } from '../../../main/common/contract/requests';
import { probePageAccess, WebSocketCarrier, webSocketUrl, type TransportState } from './websocket-carrier';

declare global {
  interface Window {
    sockscope?: SockscopeApi;
  }
}

export type { TransportState };

export interface MonitorConnection {
  api: SockscopeApi;
  kind: 'electron' | 'websocket';
  /** The server pushes a snapshot as soon as a client connects, so none need be requested. */
  pushesSnapshotOnConnect: boolean;
  /** Transport up/down, where the transport can drop (WebSocket); IPC is always up. */
  onConnectionState(listener: (state: TransportState) => void): Unsubscribe;
  readonly connectionState: TransportState;
}

export function connectToMonitor(host: Window = window): MonitorConnection {
  const bridged = host.sockscope;
  if (bridged) {
    return {
      api: bridged,
      kind: 'electron',
      pushesSnapshotOnConnect: false,
      onConnectionState: () => () => undefined,
      connectionState: 'open',
    };
  }
  const carrier = new WebSocketCarrier({
    url: webSocketUrl(host.location.href),
    probeAccess: probePageAccess(host.location.href),
  });
  return {
    api: sockscopeApi(carrier),
    kind: 'websocket',
    pushesSnapshotOnConnect: true,
    onConnectionState: (listener) => carrier.onConnectionState(listener),
    get connectionState() {
      return carrier.state;
    },
  };
}
