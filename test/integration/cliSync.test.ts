import { AzureNamedKeyCredential, generateTableSas } from '@azure/data-tables';
import { ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleEntities } from '../../electron/core/sample';
import { openArchive } from '../../electron/core/store';
import { loadSyncState } from '../../electron/core/store/syncState';
import { CLI_BIN, runCli as cli } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete, expectArchiveEqualsTable } from '../support/archiveCompare';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';

const BIG_TABLE = 'MarketplaceLeads';
const BIG_COUNT = 50_000;
const tempDir = useTempDir();
let azurite: Azurite;



function countRows(db: string, table = 'leads'): number {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (conn.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } catch {
    // The first page may not have created the schema yet.
    return 0;
  } finally {
    conn.close();
  }
}

/** Where a first load stands, read the way another process would: rows, whether indexes wait, how many exist. */
function loadStage(db: string): { passDone: boolean; deferred: boolean; indexes: number } {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => conn.prepare(sql).pluck().get();
    return {
      passDone: one('SELECT count(*) FROM sync_state WHERE watermark IS NOT NULL AND continuation IS NULL') === 1,
      deferred: one("SELECT count(*) FROM archive_meta WHERE key = 'deferred_indexes'") === 1,
      indexes: one("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leads'") as number,
    };
  } catch {
    return { passDone: false, deferred: false, indexes: 0 };
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, BIG_TABLE, generateSampleEntities({ count: BIG_COUNT, seed: 50 }));
  await seedTable(azurite.connectionString, 'SmallLeads', generateSampleEntities({ count: 120, seed: 51 }));
}, 180_000);
afterAll(async () => {
  await azurite?.stop();
});

describe('lead-inbox sync and test-connection', () => {
  it('syncs with a summary, and says nothing more is new the second time', async () => {
    const db = join(tempDir(), 'leads.db');
    const first = await cli(['sync', '--connection-string', azurite.connectionString, '--table', 'SmallLeads', '--db', db]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Synced \(full\): 120 new, 0 updated, 120 in the archive for this destination, [\d.]+ s\.$/m);
    expect(first.stderr).toMatch(/^full sync: 120 leads \(120 new, 0 updated\), 1 pages/m);
    const second = await cli(['sync', '--connection-string', azurite.connectionString, '--table', 'SmallLeads', '--db', db]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Synced \(incremental\): 0 new, 0 updated, 120 in the archive/);
    expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}`).not.toContain(DEV_KEY);
  });

  it('reads the other CSV files of a legacy Blob destination when one is broken, names it, and exits 1', async () => {
    const container = new ContainerClient(`${azurite.blobEndpoint}/cliblobs`, new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY));
    await container.create();
    for (const [name, text] of [['a.csv', 'Email\na@contoso.com\n'], ['b.csv', 'Email\n"b@contoso.com\n'], ['c.csv', 'Email\nc@contoso.com\n']]) {
      await container.uploadBlockBlob(name!, Buffer.from(text!), Buffer.byteLength(text!));
    }
    const db = join(tempDir(), 'blobs.db');
    const synced = await cli(['sync', '--connection-string', azurite.connectionString, '--container', 'cliblobs', '--db', db]);
    expect(synced.code).toBe(1);
    expect(synced.stdout).toMatch(/Synced \(blobs\): 2 new, 0 updated, 2 in the archive/);
    expect(synced.stderr).toMatch(/^b\.csv: not valid CSV \(line \d+\): .*read again at the next sync\.$/m);
  });

  it('syncs into the app-data archive by default and prints its path; test-connection touches no archive', async () => {
    const home = tempDir();
    const expected = join(home, 'Lead Inbox', 'leads.db');
    const tested = await cli(['test-connection', '--connection-string', azurite.connectionString, '--table', 'SmallLeads'], { XDG_CONFIG_HOME: home });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stderr).not.toContain('Archive:');
    expect(existsSync(expected)).toBe(false);
    const { code, stderr } = await cli(['sync', '--connection-string', azurite.connectionString, '--table', 'SmallLeads'], { XDG_CONFIG_HOME: home });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`Archive: ${expected}`);
    expect(existsSync(expected)).toBe(true);
  });

  it('says OK for a readable destination and exits 3 with the diagnosis otherwise', async () => {
    const ok = await cli(['test-connection', '--connection-string', azurite.connectionString, '--table', 'SmallLeads', '--db', join(tempDir(), 'a.db')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: .*120 leads/);

    const wrongKey = azurite.connectionString.replace(DEV_KEY, Buffer.alloc(64, 7).toString('base64'));
    const denied = await cli(['test-connection', '--connection-string', wrongKey, '--db', join(tempDir(), 'b.db')]);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/Problem \(wrong-key\): .*rejected the account key/);
    expect(denied.stderr).toMatch(/What to do: .*Access keys/);
    expect(denied.stderr).not.toContain(Buffer.alloc(64, 7).toString('base64'));

    const missing = await cli(['sync', '--connection-string', azurite.connectionString, '--table', 'MarketingLeads', '--db', join(tempDir(), 'c.db')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Problem \(table-not-found\)/);
    expect(missing.stderr).toMatch(/Did you mean "MarketplaceLeads"\?/);

    const malformed = await cli(['sync', '--connection-string', 'AccountName=x;AccountKey=abc', '--db', join(tempDir(), 'd.db')]);
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toMatch(/Problem \(malformed-connection-string\)/);
  });

  it('exits 2 on bad usage', async () => {
    const db = join(tempDir(), 'u.db');
    const both = await cli(['sync', '--connection-string', azurite.connectionString, '--sas-url', 'https://x.table.core.windows.net/T?sv=1&sig=2', '--db', db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/only one of/);
    const keyEnv = await cli(['sync', '--account', DEV_ACCOUNT, '--key-env', 'LEAD_INBOX_NO_SUCH_VAR', '--db', db]);
    expect(keyEnv.code).toBe(2);
    expect(keyEnv.stderr).toMatch(/LEAD_INBOX_NO_SUCH_VAR .* is not set/);
    const nothing = await cli(['sync', '--db', db], { AZURE_STORAGE_CONNECTION_STRING: '' });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/--connection-string, --sas-url, or --account/);
  });

  it('reads with an account key from the environment and with a read+list table SAS', async () => {
    const db = join(tempDir(), 'k.db');
    const byKey = await cli(
      ['sync', '--account', DEV_ACCOUNT, '--key-env', 'LEAD_INBOX_TEST_KEY', '--table-endpoint', azurite.tableEndpoint, '--table', 'SmallLeads', '--db', db],
      { LEAD_INBOX_TEST_KEY: DEV_KEY },
    );
    expect(byKey.code, byKey.stderr).toBe(0);
    expect(byKey.stdout).toMatch(/120 new/);

    const sas = generateTableSas('SmallLeads', new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY), {
      permissions: { query: true },
      expiresOn: new Date(Date.now() + 3600_000),
    });
    const bySas = await cli(['sync', '--sas-url', `${azurite.tableEndpoint}/SmallLeads?${sas}`, '--db', join(tempDir(), 's.db')]);
    expect(bySas.code, bySas.stderr).toBe(0);
    expect(bySas.stdout).toMatch(/120 new/);
  });

  it('saves the secret encrypted with --key-file and syncs a saved destination by id', async () => {
    const dir = tempDir();
    const db = join(dir, 'leads.db');
    const keyFile = join(dir, 'lead-inbox.key');
    const first = await cli(['sync', '--connection-string', azurite.connectionString, '--table', 'SmallLeads', '--db', db, '--key-file', keyFile]);
    expect(first.code, first.stderr).toBe(0);
    const id = /Destination: .* \[([^\]]+)\] \(secret saved encrypted\)/.exec(first.stderr)?.[1];
    expect(id).toBe(`table:${DEV_ACCOUNT}/smallleads`);
    const again = await cli(['sync', '--destination', id!, '--key-file', keyFile, '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Synced \(incremental\): 0 new/);
    const conn = new Database(db, { readonly: true });
    const stored = conn.prepare('SELECT ciphertext FROM destination_secrets').all() as { ciphertext: Buffer }[];
    conn.close();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.ciphertext.toString('latin1')).not.toContain(DEV_KEY);
    const noKey = await cli(['sync', '--destination', id!, '--db', db]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/needs --key-file/);
  });

  it('survives kill -9 in the middle of 50k entities: the next sync resumes, archive == source, no duplicates', async () => {
    const db = join(tempDir(), 'killed.db');
    const args = [CLI_BIN, 'sync', '--connection-string', azurite.connectionString, '--table', BIG_TABLE, '--db', db];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    while (child.exitCode === null) {
      if (existsSync(db) && countRows(db) >= BIG_COUNT * 0.3) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exited).toBe('SIGKILL');
    const atKill = countRows(db);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(BIG_COUNT);

    const resumed = await cli(args.slice(1));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`Synced \\(resumed\\): ${(BIG_COUNT - atKill).toLocaleString('en-US')} new, 0 updated, 50,000 in the archive`));

    const archive = openArchive(db);
    const destinationId = `table:${DEV_ACCOUNT}/marketplaceleads`;
    await expectArchiveEqualsTable(archive, destinationId, azurite.connectionString, BIG_TABLE);
    expectArchiveComplete(archive);
    expect(loadSyncState(archive, destinationId)).toMatchObject({ continuation: null, passStartedAt: null });
    archive.close();
  }, 120_000);

  it('survives kill -9 while a first load builds its indexes: the next sync builds the rest, archive == source', async () => {
    // The build lasts about a second at 50k leads; a poll can miss it, so a few fresh attempts are allowed.
    let db = '';
    let stage = { passDone: false, deferred: false, indexes: 0 };
    for (let attempt = 0; attempt < 4 && !(stage.passDone && stage.deferred && stage.indexes > 1); attempt++) {
      db = join(tempDir(), `killed-building-${attempt}.db`);
      const child = spawn(process.execPath, [CLI_BIN, 'sync', '--connection-string', azurite.connectionString, '--table', BIG_TABLE, '--db', db], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      while (child.exitCode === null) {
        if (existsSync(db)) {
          stage = loadStage(db);
          if (stage.passDone && stage.deferred && stage.indexes > 1) {
            child.kill('SIGKILL');
            break;
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await exited;
    }
    expect(stage, 'killed after some indexes were built and before the last').toMatchObject({ passDone: true, deferred: true });
    expect(loadStage(db).deferred).toBe(true);

    const resumed = await cli(['sync', '--connection-string', azurite.connectionString, '--table', BIG_TABLE, '--db', db]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Synced \(incremental\): 0 new, 0 updated, 50,000 in the archive/);
    expect(resumed.stderr).toMatch(/indexes built: \d+ of \d+/);

    const archive = openArchive(db);
    await expectArchiveEqualsTable(archive, `table:${DEV_ACCOUNT}/marketplaceleads`, azurite.connectionString, BIG_TABLE);
    expectArchiveComplete(archive);
    archive.close();
  }, 180_000);
});
