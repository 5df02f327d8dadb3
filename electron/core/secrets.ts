import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Archive } from './store';

/** Encrypts secrets at rest: Electron's safeStorage in the app, a key file for the CLI. */
export interface SecretCipher {
  /** Recorded with each ciphertext so that a secret is only ever given to the cipher that made it. */
  readonly scheme: string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** AES-256-GCM with a 32-byte key; the scheme names where the key lives. */
export class AesGcmCipher implements SecretCipher {
  constructor(
    private readonly key: Buffer,
    readonly scheme: string,
  ) {
    if (key.length !== 32) throw new Error('A secret key must be 32 bytes.');
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  decrypt(data: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** The CLI's cipher: the key is kept in a file only its owner can read, created on first use. */
export class KeyFileCipher extends AesGcmCipher {
  constructor(readonly keyFile: string) {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(keyFile, 0o600);
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${keyFile} is not a Lead Inbox key file (it must hold 32 random bytes in base64).`);
    super(key, 'aes-256-gcm:key-file');
  }
}

/** Stands in when no safe place for secrets exists: every attempt to store one says why and what to do. */
export class UnavailableCipher implements SecretCipher {
  readonly scheme = 'unavailable';
  constructor(private readonly reason: string) {}

  encrypt(): Buffer {
    throw new Error(this.reason);
  }

  decrypt(): string {
    throw new Error(this.reason);
  }
}

/** Destination secrets, stored in the archive only as ciphertext. */
export class SecretStore {
  constructor(
    private readonly archive: Archive,
    private readonly cipher: SecretCipher,
  ) {}

  save(destinationId: string, secret: string): void {
    this.archive.db
      .prepare(
        `INSERT INTO destination_secrets (destination_id, scheme, ciphertext, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (destination_id) DO UPDATE SET scheme = excluded.scheme, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(destinationId, this.cipher.scheme, this.cipher.encrypt(secret), new Date().toISOString());
  }

  /** The secret, or null when none is saved. Throws when it was saved by another cipher or key. */
  load(destinationId: string): string | null {
    const row = this.archive.db.prepare('SELECT scheme, ciphertext FROM destination_secrets WHERE destination_id = ?').get(destinationId) as
      | { scheme: string; ciphertext: Buffer }
      | undefined;
    if (!row) return null;
    if (row.scheme !== this.cipher.scheme) {
      throw new Error(`The secret for ${destinationId} was saved by ${row.scheme}; it cannot be read here. Enter the credential again.`);
    }
    try {
      return this.cipher.decrypt(row.ciphertext);
    } catch {
      throw new Error(`The secret for ${destinationId} cannot be decrypted with this key. Enter the credential again.`);
    }
  }

  remove(destinationId: string): void {
    this.archive.db.prepare('DELETE FROM destination_secrets WHERE destination_id = ?').run(destinationId);
  }
}

/** Whether credentials can be saved now, and what the user should know about them. */
export interface SecretsStatus {
  /**
   * ready: credentials are saved encrypted; locked: a passphrase must be typed first; unavailable: the
   * keychain that holds the key does not open it now (reason says what to do).
   */
  readonly state: 'ready' | 'locked' | 'unavailable';
  /** Why a passphrase is needed (no keychain), and what else the user could do. */
  readonly reason?: string;
  /** Locked, and no passphrase was ever chosen: the first one typed becomes it. */
  readonly firstTime?: boolean;
  /** Something the user should read once, e.g. that saved credentials had to be entered again. */
  readonly notice?: string;
}

/** What the service asks about credentials: their status, and the passphrase unlock where there is one. */
export interface SecretsGuard {
  status(): SecretsStatus;
  unlock?(passphrase: string): void;
}

const PASSPHRASE_SCHEME = 'aes-256-gcm:passphrase';
const CHECK_TEXT = 'lead-inbox passphrase check';
export const MIN_PASSPHRASE = 8;

interface PassphraseFile {
  readonly version: 1;
  readonly kdf: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: string;
  /** CHECK_TEXT encrypted with the derived key: GCM's tag tells a wrong passphrase from a right one. */
  readonly check: string;
}

/**
 * Credentials protected by a passphrase the user types (on a desktop without a keychain), never by a
 * well-known password: the key is derived with scrypt from the passphrase and a random salt kept in
 * `file` (mode 0600), and exists only in memory. Until unlocked, saving a credential says why it cannot.
 */
export class PassphraseSecrets implements SecretsGuard {
  private key: Buffer | null = null;
  readonly cipher: SecretCipher;

  constructor(
    private readonly file: string,
    private readonly reason: string,
    private readonly cost = { N: 2 ** 15, r: 8, p: 1 },
  ) {
    this.cipher = {
      scheme: PASSPHRASE_SCHEME,
      encrypt: (plain) => this.unlockedCipher().encrypt(plain),
      decrypt: (data) => this.unlockedCipher().decrypt(data),
    };
  }

  private unlockedCipher(): AesGcmCipher {
    if (!this.key) throw new Error(`${this.reason} Unlock saved credentials with your passphrase first.`);
    return new AesGcmCipher(this.key, PASSPHRASE_SCHEME);
  }

  status(): SecretsStatus {
    return this.key ? { state: 'ready' } : { state: 'locked', reason: this.reason, firstTime: !existsSync(this.file) };
  }

  /** Checks the passphrase against the file, or (the first time) makes the file from it. */
  unlock(passphrase: string): void {
    if (passphrase.length < MIN_PASSPHRASE) throw new RangeError(`Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`);
    if (!existsSync(this.file)) {
      const salt = randomBytes(16);
      const key = scryptSync(passphrase, salt, 32, { ...this.cost, maxmem: 256 * this.cost.N * this.cost.r });
      const stored: PassphraseFile = { version: 1, kdf: 'scrypt', ...this.cost, salt: salt.toString('base64'), check: new AesGcmCipher(key, PASSPHRASE_SCHEME).encrypt(CHECK_TEXT).toString('base64') };
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
      this.key = key;
      return;
    }
    const stored = JSON.parse(readFileSync(this.file, 'utf8')) as PassphraseFile;
    const key = scryptSync(passphrase, Buffer.from(stored.salt, 'base64'), 32, { N: stored.N, r: stored.r, p: stored.p, maxmem: 256 * stored.N * stored.r });
    try {
      if (new AesGcmCipher(key, PASSPHRASE_SCHEME).decrypt(Buffer.from(stored.check, 'base64')) !== CHECK_TEXT) throw new Error('mismatch');
    } catch {
      throw new RangeError('That is not the passphrase that protects the saved credentials. Try again.');
    }
    this.key = key;
  }
}
