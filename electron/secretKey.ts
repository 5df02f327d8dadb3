import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type DataKey = { readonly key: Buffer } | { readonly unavailable: string };

/**
 * The key that encrypts saved credentials, itself encrypted by the operating system's keychain through
 * safeStorage and kept next to the archive. Linux without a keyring would "encrypt" with a fixed
 * password (the basic_text backend): then nothing is stored, and the user is told why.
 */
export function loadDataKey(userData: string): DataKey {
  if (!safeStorage.isEncryptionAvailable()) {
    return { unavailable: 'This computer offers no safe place for credentials, so Lead Inbox will not save them. Sign in to your desktop\'s keyring (or use the command line with a key file).' };
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return {
      unavailable:
        'No keyring (GNOME Keyring, KWallet) is running, and Electron would store credentials with a well-known password. Lead Inbox refuses to: start a keyring, or use `lead-inbox serve` with a key file.',
    };
  }
  const file = join(userData, 'credentials.key');
  if (existsSync(file)) return { key: Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64') };
  const key = randomBytes(32);
  writeFileSync(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  return { key };
}
