/**
 * The Electron IPC transport: the only module that touches ipcMain. One handler per request
 * channel of the contract, each checking who sent it; pushes go to the window as JSON text.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventsMessage, Json, NamesMessage, StatusMessage } from '../common/contract/messages';
import type { MonitorPort, PushSink } from '../common/contract/monitor-port';
import { PUSH_CHANNELS, REQUEST_CHANNELS, REQUEST_NAMES, type RequestName } from '../common/contract/requests';
import { serveRequest, type RequestingClient } from '../transport/serve-request';

export class IpcTransport implements PushSink, RequestingClient {
  /** The desktop window is the machine's own user at its own screen: it may act. */
  readonly actionsAllowed = true;

  constructor(
    private readonly contents: WebContents,
    private readonly monitor: MonitorPort,
    /** Only frames loaded from this URL prefix (our own renderer) may call. */
    private readonly trustedUrlPrefix: string,
  ) {
    for (const method of REQUEST_NAMES) {
      ipcMain.handle(REQUEST_CHANNELS[method], (event, params: unknown) => this.handle(event, method, params));
    }
  }

  dispose(): void {
    for (const channel of Object.values(REQUEST_CHANNELS)) ipcMain.removeHandler(channel);
  }

  events(json: Json<EventsMessage>): void {
    this.send(PUSH_CHANNELS.events, json);
  }

  status(json: Json<StatusMessage>): void {
    this.send(PUSH_CHANNELS.status, json);
  }

  names(json: Json<NamesMessage>): void {
    this.send(PUSH_CHANNELS.names, json);
  }

  reset(): void {
    this.resync();
  }

  private handle(event: IpcMainInvokeEvent, method: RequestName, params: unknown): Promise<unknown> {
    const url = event.senderFrame?.url ?? '';
    if (event.sender !== this.contents || !url.startsWith(this.trustedUrlPrefix)) {
      throw new Error(`refused ${method} from an untrusted frame`);
    }
    return serveRequest(this.monitor, this, method, params);
  }

  /** One window: its snapshot goes to it. If the monitor dies meanwhile, the next reset resyncs. */
  resync(): void {
    this.monitor.snapshotJson().then(
      (json) => this.send(PUSH_CHANNELS.snapshot, json),
      () => undefined,
    );
  }

  private send(channel: string, json: string): void {
    if (!this.contents.isDestroyed()) this.contents.send(channel, json);
  }
}
