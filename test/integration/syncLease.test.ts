import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../../electron/core/secrets';
import { openService, ServiceError, type LeadInboxService } from '../../electron/core/service';
import { generateSampleEntities } from '../../electron/core/sample';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { openArchive } from '../../electron/core/store';
import { runCli } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 20_000, seed: 71 }));
}, 120_000);
afterAll(() => azurite?.stop());

/** Two programs on one archive (the app and a cron watch), each with its own connection and service. */
function twoPrograms(): [LeadInboxService, LeadInboxService, string] {
  const dir = tempDir();
  const open = () => openService(join(dir, 'leads.db'), { cipher: new KeyFileCipher(join(dir, 'k.key')), leadIndex: false });
  const app = open();
  const cron = open();
  const { id } = app.useDestination({ kind: 'table', connectionString: azurite.connectionString }, { keepSecret: true });
  return [app, cron, id];
}

describe('one sync of a destination at a time, across programs', () => {
  it('refuses a second program\'s sync while the first runs, without counting it as a failure, and lets it sync afterwards', async () => {
    const [app, cron, id] = twoPrograms();
    try {
      const first = app.syncProfile(id);
      const refused = await cron.syncProfile(id).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ServiceError);
      expect((refused as ServiceError).problem).toMatchObject({ code: 'syncing-elsewhere', fix: expect.stringMatching(/Nothing is lost/) });
      expect((refused as ServiceError).message).toMatch(/^Another Lead Inbox program \(.+, process \d+\) is syncing "MarketplaceLeads \(devstoreaccount1\)" into this archive right now\.$/);
      expect((await first).inserted).toBe(20_000);
      expect(cron.listProfiles()[0]!.schedule.failures).toBe(0);

      const after = await cron.syncProfile(id);
      expect(after).toMatchObject({ mode: 'incremental', inserted: 0, total: 20_000 });
    } finally {
      app.close();
      cron.close();
    }
  }, 120_000);

  it('takes over a claim its program left behind when it was killed, once the claim has run out', async () => {
    const [app, cron, id] = twoPrograms();
    try {
      app.archive.db
        .prepare("INSERT INTO sync_state (destination_id, running_by, running_until) VALUES (?, 'other-host:4242:dead', ?) ON CONFLICT (destination_id) DO UPDATE SET running_by = excluded.running_by, running_until = excluded.running_until")
        .run(id, new Date(Date.now() + 60_000).toISOString());
      await expect(cron.syncProfile(id)).rejects.toThrow(/other-host, process 4242/);
      app.archive.db.prepare('UPDATE sync_state SET running_until = ? WHERE destination_id = ?').run(new Date(Date.now() - 1000).toISOString(), id);
      expect((await cron.syncProfile(id)).inserted).toBe(20_000);
      expect(app.archive.db.prepare('SELECT running_by FROM sync_state WHERE destination_id = ?').pluck().get(id)).toBeNull();
    } finally {
      app.close();
      cron.close();
    }
  }, 120_000);

  it('makes lead-inbox sync exit 1, not 3, with who is syncing: the destination is fine', async () => {
    const db = join(tempDir(), 'leads.db');
    const archive = openArchive(db);
    archive.db
      .prepare("INSERT INTO sync_state (destination_id, running_by, running_until) VALUES ('table:devstoreaccount1/marketplaceleads', 'desktop:777:app', ?)")
      .run(new Date(Date.now() + 60_000).toISOString());
    archive.close();
    const result = await runCli(['sync', '--connection-string', azurite.connectionString, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Problem: Another Lead Inbox program \(desktop, process 777\) is syncing .* right now\.\nWhat to do: Nothing is lost/);
  });

  it('takes over at once a claim whose program on this computer has ended (a cron sync killed with kill -9)', async () => {
    const [app, cron, id] = twoPrograms();
    try {
      // A pid no process has (above Linux's largest).
      app.archive.db
        .prepare('INSERT INTO sync_state (destination_id, running_by, running_until) VALUES (?, ?, ?) ON CONFLICT (destination_id) DO UPDATE SET running_by = excluded.running_by, running_until = excluded.running_until')
        .run(id, `${hostname()}:99999999:killed`, new Date(Date.now() + 60_000).toISOString());
      expect((await cron.syncProfile(id)).inserted).toBe(20_000);
    } finally {
      app.close();
      cron.close();
    }
  }, 120_000);
});

