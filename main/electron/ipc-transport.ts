/**
 * The Electron IPC transport: the only module that touches ipcMain. One handler per request
 * channel of the contract, each checking who sent it; pushes go to the window as JSON text.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  encodeJson,
  type EventsMessage,
  type Json,
  type MenuCommand,
  type MenuCommandMessage,
  type NamesMessage,
  type StatusMessage,
} from '../common/contract/messages';
import type { MonitorPort, PushSink } from '../common/contract/monitor-port';
import { PUSH_CHANNELS, REQUEST_CHANNELS, REQUEST_NAMES, type RequestName } from '../common/contract/requests';
import { serveRequest, type Elevation, type RequestingClient } from '../transport/serve-request';
import { isAppUrl } from './app-protocol';

export class IpcTransport implements PushSink, RequestingClient {
  /** The desktop window is the machine's own user at its own screen: it may act. */
  readonly actionsAllowed = true;

  constructor(
    private readonly contents: WebContents,
    private readonly monitor: MonitorPort,
    /** Restart as administrator / root: the desktop app's alone. */
    readonly elevation: Elevation,
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

  /** A menu item was chosen: the window runs what its own key or button for it runs. */
  menuCommand(command: MenuCommand): void {
    this.send(PUSH_CHANNELS.menuCommand, encodeJson<MenuCommandMessage>({ type: 'menuCommand', command }));
  }

  private handle(event: IpcMainInvokeEvent, method: RequestName, params: unknown): Promise<unknown> {
    // Our own window, and in it a frame of our own renderer (app://sockscope/…) only.
    if (event.sender !== this.contents || !isAppUrl(event.senderFrame?.url ?? '')) {
      throw new Error(`refused ${method} from an untrusted frame`);
    }
    return serveRequest(this.monitor, this, method, params);
  }

  /** One window: its snapshot goes to it. If the monitor dies meanwhile, the next reset resyncs. */
  resync(): void {
    this.monitor.snapshotTexts().then(
      ([head, ...rows]) => {
        // All its parts at once, so that nothing comes between them.
        this.send(PUSH_CHANNELS.snapshot, head);
        for (const text of rows) this.send(PUSH_CHANNELS.snapshotRows, text);
      },
      () => undefined,
    );
  }

  private send(channel: string, json: string): void {
    if (!this.contents.isDestroyed()) this.contents.send(channel, json);
  }
}
