import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleEntities } from '../../electron/core/sample';
import { KeyFileCipher } from '../../electron/core/secrets';
import { openService, type ServiceEvent } from '../../electron/core/service';
import { openArchive } from '../../electron/core/store';
import { DEV_ACCOUNT, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { CLI_BIN, runCli as cli } from '../helpers/cli';
import { serviceWithLeads } from '../helpers/service';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete } from '../support/archiveCompare';

const tempDir = useTempDir();
const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** An archive of 800 leads with triage, a saved view and a destination whose secret is saved encrypted. */
async function archiveWithSecret(dir: string): Promise<{ db: string; ciphertext: Buffer }> {
  const { archive, service } = serviceWithLeads(dir, 800);
  service.useDestination({ kind: 'table', connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=c2VjcmV0LWtleS1mb3ItYmFja3Vw;TableEndpoint=http://127.0.0.1:9/${DEV_ACCOUNT}`, tableName: 'MarketplaceLeads' }, { keepSecret: true });
  service.setTriage({ ids: [1, 2, 3] }, { status: 'qualified', notes: 'Call back in May' });
  service.saveView({ name: 'Qualified', query: { statuses: ['qualified'] } });
  const ciphertext = (archive.db.prepare('SELECT ciphertext FROM destination_secrets').pluck().get() as Buffer | undefined)!;
  expect(ciphertext.length).toBeGreaterThan(16);
  service.close();
  archive.close();
  return { db: join(dir, 'leads.db'), ciphertext };
}

describe('lead-inbox backup', () => {
  it('writes a checked, self-contained copy with every lead, triage note and view, and leaves saved secrets out unless asked', async () => {
    const dir = tempDir();
    const { db, ciphertext } = await archiveWithSecret(dir);
    const out = join(dir, 'backups', 'leads-backup.db');
    const noFolder = await cli(['backup', '--db', db, '--out', out]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/Cannot write the backup in .*backups/);

    const done = await cli(['backup', '--db', db, '--out', join(dir, 'leads-backup.db')]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Backed up 800 leads to .*leads-backup\.db \([\d.]+ MB\), checked\./);
    expect(done.stdout).toMatch(/Saved credentials were left out/);
    expect(done.stderr).toMatch(/Backing up: 100%/);
    const copy = join(dir, 'leads-backup.db');
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    // The secret's ciphertext is gone from the file's bytes, not only from its table.
    expect(readFileSync(copy).includes(ciphertext)).toBe(false);

    const restored = openArchive(copy);
    expect(restored.countLeads()).toBe(800);
    expect(restored.getLead(2)!.triage).toMatchObject({ status: 'qualified', notes: 'Call back in May' });
    expect(restored.db.prepare('SELECT name FROM saved_views').pluck().all()).toContain('Qualified');
    expect(restored.db.prepare('SELECT count(*) FROM destinations').pluck().get()).toBe(1);
    expect(restored.db.prepare('SELECT count(*) FROM destination_secrets').pluck().get()).toBe(0);
    expectArchiveComplete(restored);
    restored.close();

    const withSecrets = await cli(['backup', '--db', db, '--out', join(dir, 'with-secrets.db'), '--include-secrets', '--json']);
    expect(withSecrets.code, withSecrets.stderr).toBe(0);
    expect(JSON.parse(withSecrets.stdout)).toMatchObject({ leads: 800, secretsKept: true });
    expect(readFileSync(join(dir, 'with-secrets.db')).includes(ciphertext)).toBe(true);

    const ontoItself = await cli(['backup', '--db', db, '--out', db]);
    expect(ontoItself.code).toBe(1);
    expect(ontoItself.stderr).toMatch(/is the archive itself/);
  });
});

describe('lead-inbox check', () => {
  it('says a sound archive is sound, with leads per destination, and exits 0', async () => {
    const dir = tempDir();
    const { db } = await archiveWithSecret(dir);
    const before = fileHash(db);
    const result = await cli(['check', '--db', db]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Sound: 800 leads, 3 with triage, 1 saved views/);
    expect(result.stdout).toMatch(/table:a\/marketplaceleads|sample|: \d+ leads \(\d+ test\)/);
    const json = JSON.parse((await cli(['check', '--db', db, '--json'])).stdout) as { sound: boolean; leads: number; destinations: { leads: number }[] };
    expect(json).toMatchObject({ sound: true, leads: 800 });
    expect(json.destinations.reduce((sum, d) => sum + d.leads, 0)).toBe(800);
    expect(fileHash(db)).toBe(before);
  });

  it('checks the running counts destination by destination, as syncs report each total from them', async () => {
    const db = join(tempDir(), 'counts.db');
    const archive = openArchive(db);
    archive.upsertLeads(sampleLeads(300, 1, 'table:a/marketplaceleads'));
    archive.upsertLeads(sampleLeads(200, 2, 'table:b/marketplaceleads'));
    expect([archive.countLeadsOf('table:a/marketplaceleads'), archive.countLeadsOf('table:b/marketplaceleads'), archive.countLeadsOf('nowhere')]).toEqual([300, 200, 0]);
    archive.close();
    expect((await cli(['check', '--db', db])).code).toBe(0);
    // Five leads counted under the wrong destination: the sum is still right.
    const conn = new Database(db);
    const key = 'destination_id, is_test, do_not_contact, offer, action, source, country, has_email, has_phone';
    const move = (destination: string, by: number) =>
      conn.prepare(`UPDATE lead_stats SET n = n + ? WHERE (${key}) = (SELECT ${key} FROM lead_stats WHERE destination_id = ? AND n >= 5 LIMIT 1)`).run(by, destination);
    move('table:a/marketplaceleads', -5);
    move('table:b/marketplaceleads', 5);
    conn.close();
    const result = await cli(['check', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/running counts say 295 leads for table:a\/marketplaceleads, which holds 300/);
    expect(result.stderr).toMatch(/running counts say 205 leads for table:b\/marketplaceleads, which holds 200/);
  });

  it('exits 1 with what to do for a damaged, foreign, newer or missing file, and never changes it', async () => {
    const dir = tempDir();
    const { db } = await archiveWithSecret(dir);
    const damaged = join(dir, 'damaged.db');
    const bytes = readFileSync(db);
    // Garbage over pages in the middle of the file: tables' contents, not the header.
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 40_000);
    writeFileSync(damaged, bytes);
    const foreign = join(dir, 'notes.txt');
    writeFileSync(foreign, 'Not a database at all, just some notes.\n'.repeat(200));
    const newer = join(dir, 'newer.db');
    writeFileSync(newer, readFileSync(db));
    const conn = new Database(newer);
    conn.pragma('user_version = 999');
    conn.close();
    const cases: [string, RegExp][] = [
      [damaged, /damage|not a sound Lead Inbox archive/],
      [foreign, /not a sound Lead Inbox archive|not a database/],
      [newer, /newer version of Lead Inbox.*Update Lead Inbox/],
    ];
    for (const [file, message] of cases) {
      const before = fileHash(file);
      const result = await cli(['check', '--db', file]);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(fileHash(file), file).toBe(before);
    }
    // A copy cut short (a full disk during a copy, a sync tool that stopped): check and every command say so.
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(db).subarray(0, Math.floor(statSync(db).size * 0.6)));
    const truncatedHash = fileHash(truncated);
    const checkedTruncated = await cli(['check', '--db', truncated]);
    expect(checkedTruncated.code).toBe(1);
    expect(checkedTruncated.stderr).toMatch(/malformed|damage/);
    const listed = await cli(['list', '--db', truncated, '--search', 'a']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toMatch(/Problem: .*truncated\.db is damaged \(database disk image is malformed\)\. Lead Inbox did not change it\./);
    expect(listed.stderr).toMatch(/What to do: Run lead-inbox check to see what is damaged, then restore the archive from a backup/);
    expect(fileHash(truncated)).toBe(truncatedHash);

    const missing = await cli(['check', '--db', join(dir, 'nowhere.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no archive at/);
    expect(existsSync(join(dir, 'nowhere.db'))).toBe(false);
  });
});

describe('backup while another process syncs the same archive', () => {
  let azurite: Azurite;
  const COUNT = 30_000;
  beforeAll(async () => {
    azurite = await startAzurite();
    await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: COUNT, seed: 16 }));
  }, 120_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  it('lets the app triage and query while another process syncs into the same archive: no lock error, no lost edit, new leads seen', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const events: ServiceEvent[] = [];
    const app = openService(db, { cipher: new KeyFileCipher(join(dir, 'app.key')), leadIndex: true, emit: (event) => events.push(event) });
    const syncing = spawn(process.execPath, [CLI_BIN, 'sync', '--connection-string', azurite.connectionString, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let syncOut = '';
    syncing.stdout.on('data', (chunk: Buffer) => (syncOut += chunk.toString()));
    syncing.stderr.on('data', (chunk: Buffer) => (syncOut += chunk.toString()));
    const synced = new Promise<number | null>((resolve) => syncing.once('exit', (code) => resolve(code)));
    const edits = new Map<number, string>();
    const seen: number[] = [];
    let round = 0;
    while (syncing.exitCode === null) {
      const page = app.queryLeads({ test: 'all' }, { offset: 0, limit: 50 });
      seen.push(page.total);
      const lead = page.rows[round % Math.max(1, page.rows.length)];
      if (lead) {
        const note = `Edit ${round} while the sync runs`;
        app.setTriage({ ids: [lead.id] }, { status: 'contacted', notes: note });
        edits.set(lead.id, note);
      }
      round++;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await synced, syncOut).toBe(0);
    expect(syncOut).not.toMatch(/locked|busy/i);
    // How many edits fit in the sync depends on its speed (the first pages arrive within a second now); a
    // few, between commits the app saw (below), are what this is about.
    expect(edits.size).toBeGreaterThan(2);
    // The app saw the archive grow while the other process wrote, and sees all of it now.
    expect(new Set(seen).size).toBeGreaterThan(2);
    expect(app.queryLeads({ test: 'all' }, { limit: 1 }).total).toBe(COUNT);
    // The window is told: the door forwards this event and the window fetches again.
    expect(events.filter((event) => event.type === 'leads:changed' && event.reason === 'elsewhere').length).toBeGreaterThan(0);
    for (const [id, note] of edits) expect(app.leadDetail(id)?.triage, `lead ${id}`).toMatchObject({ status: 'contacted', notes: note });
    app.close();
    const checked = await cli(['check', '--db', db]);
    expect(checked.code, checked.stderr).toBe(0);
  }, 180_000);

  it('copies a consistent snapshot while the sync goes on undisturbed, and both archives check sound', async () => {
    const dir = tempDir();
    const db = join(dir, 'busy.db');
    const syncing = spawn(process.execPath, [CLI_BIN, 'sync', '--connection-string', azurite.connectionString, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let syncOut = '';
    syncing.stdout.on('data', (chunk: Buffer) => (syncOut += chunk.toString()));
    syncing.stderr.on('data', (chunk: Buffer) => (syncOut += chunk.toString()));
    const synced = new Promise<number | null>((resolve) => syncing.once('exit', (code) => resolve(code)));
    const rows = () => {
      try {
        const conn = new Database(db, { readonly: true, fileMustExist: true });
        try {
          return conn.prepare('SELECT count(*) FROM leads').pluck().get() as number;
        } finally {
          conn.close();
        }
      } catch {
        return 0;
      }
    };
    while (syncing.exitCode === null && rows() < COUNT * 0.2) await new Promise((r) => setTimeout(r, 20));
    const backup = await cli(['backup', '--db', db, '--out', join(dir, 'snapshot.db')]);
    const backupDuringSync = syncing.exitCode === null;
    expect(await synced, syncOut).toBe(0);
    expect(syncOut).not.toMatch(/locked|busy/i);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backupDuringSync, 'the backup ran while the sync was still writing').toBe(true);

    const copied = Number(/Backed up ([\d,]+) leads/.exec(backup.stdout)![1]!.replaceAll(',', ''));
    expect(copied).toBeGreaterThan(0);
    expect(copied).toBeLessThanOrEqual(COUNT);
    const checkedCopy = await cli(['check', '--db', join(dir, 'snapshot.db')]);
    expect(checkedCopy.code, checkedCopy.stderr).toBe(0);
    const checkedArchive = await cli(['check', '--db', db]);
    expect(checkedArchive.code, checkedArchive.stderr).toBe(0);
    expect(checkedArchive.stdout).toMatch(new RegExp(`Sound: ${COUNT.toLocaleString('en-US')} leads`));

    // Every lead in the snapshot is exactly the archive's.
    const snapshot = new Database(join(dir, 'snapshot.db'), { readonly: true });
    snapshot.exec(`ATTACH DATABASE '${db.replaceAll("'", "''")}' AS live`);
    const differing = snapshot
      .prepare('SELECT count(*) FROM leads s LEFT JOIN live.leads l ON l.destination_id = s.destination_id AND l.partition_key = s.partition_key AND l.row_key = s.row_key WHERE l.raw_json IS NOT s.raw_json')
      .pluck()
      .get();
    snapshot.close();
    expect(differing).toBe(0);
  }, 180_000);
});
