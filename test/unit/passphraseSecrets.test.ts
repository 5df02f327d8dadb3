import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassphraseSecrets } from '../../electron/core/secrets';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
// Cheap scrypt settings keep the test fast; the app uses N = 2^15.
const cost = { N: 1024, r: 8, p: 1 };

describe('credentials protected by a passphrase (desktops without a keychain)', () => {
  it('is locked until a passphrase is chosen, then encrypts; a later start needs the same passphrase', () => {
    const file = join(tempDir(), 'Lead Inbox', 'credentials.passphrase.json');
    const first = new PassphraseSecrets(file, 'No keyring.', cost);
    expect(first.status()).toEqual({ state: 'locked', reason: 'No keyring.', firstTime: true });
    expect(() => first.cipher.encrypt('secret')).toThrow(/No keyring\. Unlock saved credentials with your passphrase first\./);
    expect(() => first.unlock('short')).toThrow(/at least 8 characters/);
    first.unlock('correct horse battery');
    expect(first.status()).toEqual({ state: 'ready' });
    const sealed = first.cipher.encrypt('DefaultEndpointsProtocol=https;AccountKey=abc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('correct horse');

    const later = new PassphraseSecrets(file, 'No keyring.', cost);
    expect(later.status()).toMatchObject({ state: 'locked', firstTime: false });
    expect(() => later.unlock('wrong horse battery')).toThrow(/not the passphrase/);
    expect(later.status().state).toBe('locked');
    later.unlock('correct horse battery');
    expect(later.cipher.decrypt(sealed)).toBe('DefaultEndpointsProtocol=https;AccountKey=abc');
    expect(later.cipher.scheme).toBe('aes-256-gcm:passphrase');
  });
});
