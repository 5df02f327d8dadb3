import type { ApiResult, Channel } from './api';
import { METHODS } from './apiChannels';

/** The part of Electron's ipcMain the channel table needs; tests hand in a stand-in. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What a handler learns of the caller: the frame that sent the message. */
export interface IpcEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

export type Call = (channel: Channel, payload: unknown) => Promise<ApiResult<Channel>>;

/**
 * Registers one handler per channel of the contract (and no other). A message from a frame that is not
 * one of the app's own pages is refused without reaching the core; every payload is validated by `call`.
 */
export function registerIpcHandlers(ipc: IpcMainLike, call: Call, isTrustedSender: (event: IpcEventLike) => boolean): () => void {
  // The channel names only: the schemas (and the core they import) stay in the worker that validates.
  const channels = Object.values(METHODS) as Channel[];
  for (const channel of channels) {
    ipc.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { kind: 'invalid-request', message: 'Refused: the request did not come from a Lead Inbox window.' } };
      }
      return call(channel, payload);
    });
  }
  return () => channels.forEach((channel) => ipc.removeHandler(channel));
}
