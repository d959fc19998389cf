/**
 * The preload: exposes the contract to the renderer as `window.sockscope`, one named method per
 * message (built from the contract's channel tables), through contextBridge. No generic
 * send/invoke passthrough, no Node objects.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PUSH_CHANNELS, REQUEST_CHANNELS, sockscopeApi, type PushListener } from '../main/common/contract/requests';

const api = sockscopeApi({
  subscribe(type, listener) {
    const channel = PUSH_CHANNELS[type];
    const handler = (_event: IpcRendererEvent, message: unknown) => {
      // Main sends this channel's message as JSON text.
      if (typeof message === 'string') (listener as PushListener<typeof type>)(message);
    };
    ipcRenderer.on(channel, handler);
    return () => void ipcRenderer.removeListener(channel, handler);
  },
  call: (method, params) => ipcRenderer.invoke(REQUEST_CHANNELS[method], params),
});

contextBridge.exposeInMainWorld('sockscope', api);
