import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileCipher, SecretStore } from '../../electron/core/secrets';
import { saveDestination } from '../../electron/core/destinations';
import { openArchive } from '../../electron/core/store';
import { destinationFromRequest } from '../../electron/core/azure/destination';
import { useTempDir } from '../helpers/tmp';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const tempDir = useTempDir();

describe('secret store', () => {
  it('keeps secrets only as ciphertext in the archive, readable with the same key file only', () => {
    const dir = tempDir();
    const file = join(dir, 'leads.db');
    const archive = openArchive(file);
    const cs = `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
    const { destination, secret } = destinationFromRequest({ kind: 'table', connectionString: cs });
    saveDestination(archive, destination);
    const store = new SecretStore(archive, new KeyFileCipher(join(dir, 'key')));
    store.save(destination.id, secret);
    expect(store.load(destination.id)).toBe(cs);
    expect(statSync(join(dir, 'key')).mode & 0o777).toBe(0o600);
    archive.db.pragma('wal_checkpoint(TRUNCATE)');
    archive.close();

    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).toContain('contoso');
    expect(bytes).not.toContain(KEY.slice(0, 20));

    const reopened = openArchive(file);
    expect(new SecretStore(reopened, new KeyFileCipher(join(dir, 'key'))).load(destination.id)).toBe(cs);
    expect(() => new SecretStore(reopened, new KeyFileCipher(join(dir, 'other-key'))).load(destination.id)).toThrowError(/cannot be decrypted/);
    reopened.close();
  });
});
