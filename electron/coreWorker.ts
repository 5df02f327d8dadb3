/**
 * The core, off the Electron main process: sync, queries and exports run here so the window's process
 * never waits on SQLite or the network. Main sends numbered calls; events flow back unasked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Channel } from './api';
import { AesGcmCipher, PassphraseSecrets, UnavailableCipher, type SecretCipher, type SecretsGuard } from './core/secrets';
import { configureNetwork, openService } from './core/service';
import { createDispatcher } from './dispatch';
import type { CoreWorkerData, FromWorker, ToWorker } from './workerProtocol';

const port = parentPort!;
const { archivePath, dataKey, nativeBinding, network } = workerData as CoreWorkerData;
configureNetwork(network);
// The Blob SDK (legacy destinations) takes its proxy from the environment.
if (network.proxy) process.env.HTTPS_PROXY = network.proxy;
if (network.noProxy) process.env.NO_PROXY = network.noProxy;

let cipher: SecretCipher;
let secrets: SecretsGuard;
if (dataKey.kind === 'keychain') {
  cipher = new AesGcmCipher(Buffer.from(dataKey.key), 'aes-256-gcm:safe-storage');
  const notice = dataKey.notice;
  secrets = { status: () => (notice ? { state: 'ready', notice } : { state: 'ready' }) };
} else if (dataKey.kind === 'unavailable') {
  // The keychain holding the key will not open it now: saved credentials wait, everything else works.
  cipher = new UnavailableCipher(dataKey.reason);
  secrets = { status: () => ({ state: 'unavailable', reason: dataKey.reason }) };
} else {
  const passphrase = new PassphraseSecrets(dataKey.file, dataKey.reason);
  cipher = passphrase.cipher;
  secrets = passphrase;
}
const post = (message: FromWorker) => port.postMessage(message);
const service = openService(archivePath, { cipher, secrets, emit: (event) => post({ type: 'event', event }), ...(nativeBinding ? { nativeBinding } : {}) });
// The desktop app keeps the archive current by itself: every destination now, then on its schedule.
service.startBackgroundSync();

let nextChoice = 0;
const choices = new Map<number, (file: string | null) => void>();
const dispatch = createDispatcher(service, {
  chooseExportFile: (format, suggestedName) =>
    new Promise((resolve) => {
      const id = ++nextChoice;
      choices.set(id, resolve);
      post({ type: 'choose-file', id, format, suggestedName });
    }),
  reportUnexpected: (channel, error) => post({ type: 'log', level: 'error', message: `unexpected error in ${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` }),
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
    case 'network':
      service.networkChanged({ online: message.online, resumed: message.resumed });
      break;
    case 'close':
      // A quit: running work is cancelled and cleans up after itself before the archive closes.
      void service.shutdown(message.limitMs).finally(() => port.close());
      break;
  }
});
