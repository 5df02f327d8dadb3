import nodePath, { type PlatformPath } from 'node:path';

/**
 * The part of Electron's safeStorage this needs; tests hand in a stand-in. The asynchronous calls: Electron
 * 45 deprecates the synchronous ones, and the asynchronous decryption says when a rotated key wants the
 * data encrypted again.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  /** Linux only: which keyring backend Electron chose ('basic_text' means none, a well-known password). */
  getSelectedStorageBackend?(): string;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** The file operations this needs. */
export interface KeyFiles {
  exists(file: string): boolean;
  read(file: string): Buffer;
  write(file: string, data: Buffer): void;
  rename(from: string, to: string): void;
}

/**
 * How credentials are protected in the desktop app: a random data key kept encrypted by the system's
 * keychain, or (where there is no keychain) a passphrase the user types, never a well-known password.
 */
export type DataKey =
  | { readonly kind: 'keychain'; readonly key: Buffer; readonly notice?: string }
  | { readonly kind: 'passphrase'; readonly file: string; readonly reason: string };

export interface DataKeyInput {
  readonly userData: string;
  readonly platform: NodeJS.Platform;
  readonly safeStorage: SafeStorageLike;
  readonly files: KeyFiles;
  readonly randomKey: () => Buffer;
  readonly now: () => Date;
  readonly path?: PlatformPath;
}

const LINUX_NO_KEYRING =
  'No keyring (GNOME Keyring, KWallet) answered, and Electron would otherwise store credentials with a well-known password. ' +
  'If your desktop has one that Electron did not recognise, quit and start Lead Inbox with --password-store=gnome-libsecret ' +
  '(or --password-store=kwallet5 / kwallet6). Otherwise protect saved credentials with a passphrase you type once per start.';
const NO_KEYCHAIN = 'This computer\'s keychain is not available to Lead Inbox. Protect saved credentials with a passphrase you type once per start.';

/**
 * Decides where the data key comes from, and never stops the app from starting: when the keychain no
 * longer opens the saved key (a new Mac, a denied or reset keychain item, a new Windows profile), the
 * unreadable file is kept aside, a new key is made, and the user is told to enter credentials again.
 */
export async function loadDataKey({ userData, platform, safeStorage, files, randomKey, now, path = nodePath }: DataKeyInput): Promise<DataKey> {
  const passphraseFile = path.join(userData, 'credentials.passphrase.json');
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { kind: 'passphrase', file: passphraseFile, reason: platform === 'linux' ? LINUX_NO_KEYRING : NO_KEYCHAIN };
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return { kind: 'passphrase', file: passphraseFile, reason: LINUX_NO_KEYRING };

  const file = path.join(userData, 'credentials.key');
  let notice: string | undefined;
  if (files.exists(file)) {
    let opened: { result: string; shouldReEncrypt: boolean } | null = null;
    try {
      opened = await safeStorage.decryptStringAsync(files.read(file));
    } catch {
      const kept = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
      files.rename(file, kept);
      notice =
        'The system keychain no longer opens the key that protected your saved credentials (a new computer, or the keychain item was reset or denied). ' +
        `Your leads, notes and destinations are intact; enter each destination's credential again. The old key file is kept as ${kept}.`;
    }
    if (opened) {
      const key = Buffer.from(opened.result, 'base64');
      if (opened.shouldReEncrypt) writeKeyFile(files, file, await safeStorage.encryptStringAsync(opened.result));
      return { kind: 'keychain', key };
    }
  }
  const key = randomKey();
  writeKeyFile(files, file, await safeStorage.encryptStringAsync(key.toString('base64')));
  return notice ? { kind: 'keychain', key, notice } : { kind: 'keychain', key };
}

/** The key file is replaced in one step: a crash mid-write never leaves half a key behind. */
function writeKeyFile(files: KeyFiles, file: string, data: Buffer): void {
  files.write(`${file}.partial`, data);
  files.rename(`${file}.partial`, file);
}
