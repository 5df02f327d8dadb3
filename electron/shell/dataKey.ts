import { createHash } from 'node:crypto';
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
 * keychain, or (where there is no keychain) a passphrase the user types, never a well-known password; or,
 * while the keychain holding the key will not open it, not at all until it does (leads stay readable).
 */
export type DataKey =
  | { readonly kind: 'keychain'; readonly key: Buffer; readonly notice?: string }
  | { readonly kind: 'passphrase'; readonly file: string; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

export interface DataKeyInput {
  readonly userData: string;
  readonly platform: NodeJS.Platform;
  readonly safeStorage: SafeStorageLike;
  readonly files: KeyFiles;
  readonly randomKey: () => Buffer;
  readonly now: () => Date;
  /** This computer and user, as a stable fingerprint (a hash of the host and user names). */
  readonly machine: string;
  readonly path?: PlatformPath;
}

const LINUX_NO_KEYRING =
  'No keyring (GNOME Keyring, KWallet) answered, and Electron would otherwise store credentials with a well-known password. ' +
  'If your desktop has one that Electron did not recognise, quit and start Lead Inbox with --password-store=gnome-libsecret ' +
  '(or --password-store=kwallet5 / kwallet6). Otherwise protect saved credentials with a passphrase you type once per start.';
const NO_KEYCHAIN = 'This computer\'s keychain is not available to Lead Inbox. Protect saved credentials with a passphrase you type once per start.';
const PASSPHRASE_KEPT = 'Your saved credentials are protected by the passphrase you chose when no keychain answered; they stay so, and a keychain that answers now changes nothing.';
const KEYCHAIN_GONE =
  'Your saved credentials are protected by the system keychain, which does not answer now (on Linux: no keyring was found this time; try --password-store=gnome-libsecret or kwallet5 / kwallet6). ' +
  'Your leads are all here. Start Lead Inbox again once the keychain is back; nothing was changed.';
const KEYCHAIN_LOCKED =
  'The system keychain did not open the key that protects your saved credentials: it may be locked, or access was denied. ' +
  'Unlock it (or allow Lead Inbox when it asks), then quit and start Lead Inbox again. Your leads are all here, and nothing was changed.';

/** What the key file records beside the key: which computer made it. */
interface KeyRecord {
  readonly machine: string;
}

/**
 * Decides where the data key comes from, and never stops the app from starting. The way credentials are
 * protected, once chosen, stays: a passphrase is not dropped because a keychain answers today, nor the
 * keychain's key because it does not. The key is replaced only when it is provably unusable (made on
 * another computer, or damaged), keeping the old file aside and saying so; a keychain that is locked or
 * refuses leaves everything as it is and says how to go on.
 */
export async function loadDataKey({ userData, platform, safeStorage, files, randomKey, now, machine, path = nodePath }: DataKeyInput): Promise<DataKey> {
  const passphraseFile = path.join(userData, 'credentials.passphrase.json');
  const file = path.join(userData, 'credentials.key');
  const recordFile = `${file}.json`;
  const keychain = (await safeStorage.isAsyncEncryptionAvailable()) && !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text');

  const makeKey = async (notice?: string): Promise<DataKey> => {
    const key = randomKey();
    writeKeyFile(files, file, await safeStorage.encryptStringAsync(key.toString('base64')));
    writeKeyFile(files, recordFile, Buffer.from(JSON.stringify({ machine } satisfies KeyRecord)));
    return notice ? { kind: 'keychain', key, notice } : { kind: 'keychain', key };
  };
  const setAside = (why: string): string => {
    const kept = `${file}.unreadable-${now().toISOString().replace(/[:.]/g, '-')}`;
    files.rename(file, kept);
    return `${why} Your leads, notes and destinations are intact; enter each destination's credential again. The old key file is kept as ${kept}.`;
  };

  if (!files.exists(file)) {
    if (files.exists(passphraseFile)) return { kind: 'passphrase', file: passphraseFile, reason: keychain ? PASSPHRASE_KEPT : platform === 'linux' ? LINUX_NO_KEYRING : NO_KEYCHAIN };
    if (!keychain) return { kind: 'passphrase', file: passphraseFile, reason: platform === 'linux' ? LINUX_NO_KEYRING : NO_KEYCHAIN };
    return makeKey();
  }
  if (!keychain) return { kind: 'unavailable', reason: KEYCHAIN_GONE };

  const record = readRecord(files, recordFile);
  if (record && record.machine !== machine) {
    return makeKey(setAside('The key that protected your saved credentials was made on another computer (this app data was copied or restored here), where only that computer\'s keychain can open it.'));
  }
  const sealed = files.read(file);
  let opened: { result: string; shouldReEncrypt: boolean };
  try {
    opened = await safeStorage.decryptStringAsync(sealed);
  } catch {
    if (sealed.length < 16) return makeKey(setAside('The key file that protected your saved credentials was damaged.'));
    return { kind: 'unavailable', reason: KEYCHAIN_LOCKED };
  }
  const key = Buffer.from(opened.result, 'base64');
  if (key.length !== 32) return makeKey(setAside('The key file that protected your saved credentials was damaged.'));
  if (opened.shouldReEncrypt) writeKeyFile(files, file, await safeStorage.encryptStringAsync(opened.result));
  if (!record) writeKeyFile(files, recordFile, Buffer.from(JSON.stringify({ machine } satisfies KeyRecord)));
  return { kind: 'keychain', key };
}

function readRecord(files: KeyFiles, file: string): KeyRecord | null {
  if (!files.exists(file)) return null;
  try {
    const parsed = JSON.parse(files.read(file).toString('utf8')) as Partial<KeyRecord>;
    return typeof parsed.machine === 'string' ? { machine: parsed.machine } : null;
  } catch {
    return null;
  }
}

/** The key file is replaced in one step: a crash mid-write never leaves half a key behind. */
function writeKeyFile(files: KeyFiles, file: string, data: Buffer): void {
  files.write(`${file}.partial`, data);
  files.rename(`${file}.partial`, file);
}

/** This computer and user, as loadDataKey's `machine`: no name is stored, only a hash. */
export function machineFingerprint(hostname: string, username: string): string {
  return createHash('sha256').update(`lead-inbox\0${hostname}\0${username}`).digest('hex').slice(0, 32);
}
