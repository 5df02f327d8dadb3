import type { ApiResult, Channel } from '../api';
import type { FromWorker, ToWorker } from '../workerProtocol';

/** The part of a worker_threads Worker the bridge uses; tests use a real Worker. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface BridgeHandlers {
  onEvent(message: Extract<FromWorker, { type: 'event' }>): void;
  /** The worker asks where an export should go; answer with a path or null (cancelled). */
  chooseFile(message: Extract<FromWorker, { type: 'choose-file' }>): Promise<string | null>;
  /** The core stopped (an error, or an exit nobody asked for): say so to the user. */
  onStopped(reason: string): void;
  /** A line for the app's log (an unexpected error's details). */
  onLog?(message: Extract<FromWorker, { type: 'log' }>): void;
}

export interface CoreBridge {
  call(channel: Channel, payload: unknown): Promise<ApiResult<Channel>>;
  /** Tells the core the network came or went, or the computer woke from sleep. */
  network(update: { online: boolean; resumed: boolean }): void;
  /**
   * Asks the core to cancel running work, let it clean up, close the archive and end; resolves once the
   * worker has exited. Past `limitMs` the worker is terminated (its sync claim then runs out by itself).
   */
  stop(limitMs?: number): Promise<void>;
}

/** How long a quit waits for the core: a cancelled export or sync cleans up in well under a second. */
export const STOP_LIMIT_MS = 5_000;

const stoppedFailure = (reason: string): ApiResult<Channel> => ({
  ok: false,
  error: { kind: 'failed', message: `Lead Inbox's core stopped: ${reason} Quit and start Lead Inbox again; nothing saved in your archive is lost.` },
});

/**
 * Numbered calls to the core in its worker thread. Every call settles: with the core's answer, or, when
 * the worker fails or exits (the SQLite driver failing to load is the likeliest cause in a package), with
 * a failure that says so, for the calls waiting and every later one. The window never hangs on a dead core.
 */
export function bridgeToCore(worker: WorkerLike, handlers: BridgeHandlers): CoreBridge {
  const pending = new Map<number, (result: ApiResult<Channel>) => void>();
  let nextId = 0;
  let stopped: string | null = null;
  let stopping = false;

  const fail = (reason: string) => {
    if (stopped !== null) return;
    stopped = reason;
    for (const settle of pending.values()) settle(stoppedFailure(reason));
    pending.clear();
    if (!stopping) handlers.onStopped(reason);
  };

  worker.on('message', (message) => {
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      handlers.onEvent(message);
    } else if (message.type === 'log') {
      handlers.onLog?.(message);
    } else {
      void handlers.chooseFile(message).then(
        (file) => stopped === null && worker.postMessage({ type: 'file-chosen', id: message.id, file }),
        () => stopped === null && worker.postMessage({ type: 'file-chosen', id: message.id, file: null }),
      );
    }
  });
  worker.on('error', (error) => fail(`${error.message}.`));
  const exited = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      fail(stopping ? 'it was closed.' : `it ended unexpectedly (exit code ${code}).`);
      resolve();
    }),
  );

  return {
    call(channel, payload) {
      if (stopped !== null) return Promise.resolve(stoppedFailure(stopped));
      return new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        worker.postMessage({ type: 'call', id, channel, payload });
      });
    },
    network(update) {
      if (stopped === null) worker.postMessage({ type: 'network', ...update });
    },
    async stop(limitMs = STOP_LIMIT_MS) {
      stopping = true;
      if (stopped !== null) return;
      worker.postMessage({ type: 'close', limitMs });
      // The core's own limit, plus a second to close the archive, then the worker is ended regardless.
      const overdue = setTimeout(() => void worker.terminate(), limitMs + 1_000);
      await exited;
      clearTimeout(overdue);
    },
  };
}
