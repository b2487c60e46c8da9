// Sandboxed preload: exposes exactly two functions on `window.mcm`, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { McmBridge } from './bridgeTypes';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

const bridge: McmBridge = {
  invoke: (name, input, session, options) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input, session, options),
  onEvent: (name, callback) => {
    // The IpcRendererEvent carries `sender` (ipcRenderer); handing it to page code would reopen every channel.
    const listener = (_event: IpcRendererEvent, eventName: unknown, payload: unknown): void => {
      if (eventName === name) callback(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('mcm', bridge);
