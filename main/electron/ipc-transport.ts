/**
 * The Electron IPC transport: the only module that touches ipcMain. One handler per request
 * channel of the contract, each checking who sent it; pushes go to the window as JSON text.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventsMessage, Json, RequestName, StatusMessage } from '../contract/messages';
import { PUSH_CHANNELS, REQUEST_CHANNELS } from '../contract/messages';
import type { PushSink } from '../transport/fanout';
import type { MonitorPort } from '../transport/monitor-port';

export class IpcTransport implements PushSink {
  constructor(
    private readonly contents: WebContents,
    private readonly monitor: MonitorPort,
    /** Only frames loaded from this URL prefix (our own renderer) may call. */
    private readonly trustedUrlPrefix: string,
  ) {
    for (const method of Object.keys(REQUEST_CHANNELS) as RequestName[]) {
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

  reset(): void {
    // If the monitor dies again meanwhile, the next reset resyncs.
    this.pushSnapshot().catch(() => undefined);
  }

  private async handle(event: IpcMainInvokeEvent, method: RequestName, params: unknown): Promise<unknown> {
    const url = event.senderFrame?.url ?? '';
    if (event.sender !== this.contents || !url.startsWith(this.trustedUrlPrefix)) {
      throw new Error(`refused ${method} from an untrusted frame`);
    }
    const result = await this.monitor.request(method, params);
    if (method === 'requestSnapshot') await this.pushSnapshot();
    return result;
  }

  private async pushSnapshot(): Promise<void> {
    this.send(PUSH_CHANNELS.snapshot, await this.monitor.snapshotJson());
  }

  private send(channel: string, json: string): void {
    if (!this.contents.isDestroyed()) this.contents.send(channel, json);
  }
}
