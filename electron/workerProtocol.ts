import type { ApiResult, Channel } from './api';
import type { NetworkSettings } from './core/azure/network';
import type { ServiceEvent } from './core/service';
import type { SaveFormat } from './dispatch';

/** Messages from the main process to the core worker. */
export type ToWorker =
  | { readonly type: 'call'; readonly id: number; readonly channel: string; readonly payload: unknown }
  | { readonly type: 'file-chosen'; readonly id: number; readonly file: string | null }
  /** The system's network came or went, or the computer woke from sleep (resumed). */
  | { readonly type: 'network'; readonly online: boolean; readonly resumed: boolean }
  /** Cancel running work, wait up to limitMs for it to clean up, close the archive, end. */
  | { readonly type: 'close'; readonly limitMs: number };

/** Messages from the core worker to the main process. */
export type FromWorker =
  | { readonly type: 'result'; readonly id: number; readonly result: ApiResult<Channel> }
  | { readonly type: 'event'; readonly event: ServiceEvent }
  | { readonly type: 'choose-file'; readonly id: number; readonly format: SaveFormat; readonly suggestedName: string }
  /** Something for the app's log file, which main keeps. */
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly message: string };

/** What main hands the core worker at start: the archive, how credentials are protected, the SQLite driver. */
export interface CoreWorkerData {
  readonly archivePath: string;
  /** The keychain-protected data key itself, where the passphrase file is (no keychain), or why neither opens now. */
  readonly dataKey:
    | { readonly kind: 'keychain'; readonly key: Uint8Array; readonly notice?: string }
    | { readonly kind: 'passphrase'; readonly file: string; readonly reason: string }
    | { readonly kind: 'unavailable'; readonly reason: string };
  readonly nativeBinding: string | null;
  /** The system's proxy for Azure and its certificate store (core/azure/network.ts). */
  readonly network: NetworkSettings;
}
