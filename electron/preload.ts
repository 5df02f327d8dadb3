/**
 * The window's only door to the app: named functions for each call of the contract and `on` for events.
 * Nothing else of Electron or Node crosses; there is no generic invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENTS_CHANNEL, METHODS } from './apiChannels';

type Listener = (event: { type: string }) => void;

const api: Record<string, unknown> = {};
for (const [name, channel] of Object.entries(METHODS)) {
  api[name] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
api.on = (type: string, listener: Listener) => {
  const handler = (_event: IpcRendererEvent, payload: { type: string }) => {
    if (payload.type === type) listener(payload);
  };
  ipcRenderer.on(EVENTS_CHANNEL, handler);
  return () => ipcRenderer.removeListener(EVENTS_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('leadInbox', Object.freeze(api));
