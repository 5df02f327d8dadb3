import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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
