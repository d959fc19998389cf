/**
 * The preload: exposes the contract to the renderer as `window.sockscope`, one method per
 * message, through contextBridge. No generic send/invoke passthrough, no Node objects.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HistoryQuery, Json, SockscopeApi, Unsubscribe } from '../main/contract/messages';
import { PUSH_CHANNELS, REQUEST_CHANNELS } from '../main/contract/messages';

function subscribe<T>(channel: string, listener: (message: Json<T>) => void): Unsubscribe {
  const handler = (_event: IpcRendererEvent, message: unknown) => {
    if (typeof message === 'string') listener(message as Json<T>);
  };
  ipcRenderer.on(channel, handler);
  return () => void ipcRenderer.removeListener(channel, handler);
}

const api: SockscopeApi = {
  onSnapshot: (listener) => subscribe(PUSH_CHANNELS.snapshot, listener),
  onEvents: (listener) => subscribe(PUSH_CHANNELS.events, listener),
  onStatus: (listener) => subscribe(PUSH_CHANNELS.status, listener),
  requestSnapshot: () => ipcRenderer.invoke(REQUEST_CHANNELS.requestSnapshot, {}),
  setPaused: (paused: boolean) => ipcRenderer.invoke(REQUEST_CHANNELS.setPaused, { paused }),
  setIntervalMs: (intervalMs: number) => ipcRenderer.invoke(REQUEST_CHANNELS.setIntervalMs, { intervalMs }),
  getProcess: (pid: number) => ipcRenderer.invoke(REQUEST_CHANNELS.getProcess, { pid }),
  getHistory: (query: HistoryQuery) => ipcRenderer.invoke(REQUEST_CHANNELS.getHistory, query),
};

contextBridge.exposeInMainWorld('sockscope', api);
