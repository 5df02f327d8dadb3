/**
 * The core, off the Electron main process: sync, queries and exports run here so the window's process
 * never waits on SQLite or the network. Main sends numbered calls; events flow back unasked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Channel } from './api';
import { AesGcmCipher, UnavailableCipher } from './core/secrets';
import { openService } from './core/service';
import { createDispatcher } from './dispatch';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort!;
const { archivePath, key, unavailable, nativeBinding } = workerData as {
  archivePath: string;
  key: Uint8Array | null;
  unavailable: string | null;
  nativeBinding: string | null;
};
const cipher = key ? new AesGcmCipher(Buffer.from(key), 'aes-256-gcm:safe-storage') : new UnavailableCipher(unavailable ?? 'No safe place for credentials.');
const post = (message: FromWorker) => port.postMessage(message);
const service = openService(archivePath, { cipher, emit: (event) => post({ type: 'event', event }), ...(nativeBinding ? { nativeBinding } : {}) });

let nextChoice = 0;
const choices = new Map<number, (file: string | null) => void>();
const dispatch = createDispatcher(service, {
  chooseExportFile: (format, suggestedName) =>
    new Promise((resolve) => {
      const id = ++nextChoice;
      choices.set(id, resolve);
      post({ type: 'choose-file', id, format, suggestedName });
    }),
});

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'call':
      void dispatch(message.channel as Channel, message.payload).then((result) => post({ type: 'result', id: message.id, result }));
      break;
    case 'file-chosen':
      choices.get(message.id)?.(message.file);
      choices.delete(message.id);
      break;
    case 'close':
      service.close();
      port.close();
      break;
  }
});
