import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveError, LATEST_SCHEMA_VERSION, MIGRATIONS, openArchive, type Archive } from '../../electron/core/store';
import { leadOf, sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

function ftsIds(archive: Archive, query: string): number[] {
  return (archive.db.prepare('SELECT rowid FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid').all(query) as { rowid: number }[]).map(
    (r) => r.rowid,
  );
}

function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('archive file', () => {
  it('creates the schema in a new file, in WAL mode, and reopens it', () => {
    const file = join(tempDir(), 'nested', 'leads.db');
    const archive = openArchive(file);
    expect(archive.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(archive.db.pragma('page_size', { simple: true })).toBe(16384);
    archive.upsertLeads(sampleLeads(10));
    archive.close();
    const again = openArchive(file);
    expect(again.countLeads()).toBe(10);
    expect(again.db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    again.close();
  });

  it('keeps the page size of an archive made with another one, and works on it', () => {
    const file = join(tempDir(), 'small-pages.db');
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.close();
    const archive = openArchive(file);
    expect(archive.db.pragma('page_size', { simple: true })).toBe(4096);
    archive.upsertLeads(sampleLeads(50));
    expect(archive.countLeads()).toBe(50);
    archive.close();
  });

  it('migrates an existing empty file', () => {
    const file = join(tempDir(), 'empty.db');
    writeFileSync(file, '');
    const archive = openArchive(file);
    expect(archive.countLeads()).toBe(0);
    archive.close();
  });

  it('refuses an archive written by a newer version and leaves it untouched', () => {
    const file = join(tempDir(), 'newer.db');
    const db = new Database(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = fileHash(file);
    expect(() => openArchive(file)).toThrowError(ArchiveError);
    try {
      openArchive(file);
    } catch (error) {
      expect((error as ArchiveError).code).toBe('too-new');
      expect((error as Error).message).toMatch(/newer version of Lead Inbox.*Update Lead Inbox.*Check for Updates.*npm install -g lead-inbox.*not changed/s);
    }
    expect(fileHash(file)).toBe(before);
  });

  it('refuses a file that is not a database, untouched', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'These are my notes, not a database.'.repeat(100));
    const before = fileHash(file);
    expect(() => openArchive(file)).toThrowError(/not a Lead Inbox archive/);
    expect(fileHash(file)).toBe(before);
  });

  it('refuses an archive whose shipped migration was edited', () => {
    const file = join(tempDir(), 'edited.db');
    openArchive(file).close();
    const db = new Database(file);
    db.prepare("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1").run();
    db.close();
    expect(() => openArchive(file)).toThrowError(/differs from the one this archive was built with/);
  });
});

describe('upsert', () => {
  it('is idempotent: the same entities twice leave one row each', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const leads = sampleLeads(2000, 5);
    expect(archive.upsertLeads(leads)).toMatchObject({ inserted: 2000, updated: 0, unchanged: 0 });
    expect(archive.upsertLeads(leads)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2000 });
    expect(archive.countLeads()).toBe(2000);
    expect(archive.db.prepare('SELECT count(*) AS n FROM leads_fts').get()).toEqual({ n: 2000 });
    archive.close();
  });

  it('keeps the same identity apart per destination', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const entity = { PartitionKey: 'p', RowKey: 'r', LeadSource: 'SPZA-INS|a.b' };
    archive.upsertLeads([leadOf(entity, 'one'), leadOf(entity, 'two')]);
    expect(archive.countLeads()).toBe(2);
    archive.close();
  });

  it('updates a changed entity, its parsed columns and its search index', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const before = { PartitionKey: 'p', RowKey: 'r', LeadSource: 'SPZA-PLT|a.b', CustomerInfo: '{"Email":"old.address@contoso.com","FirstName":"Zelda"}' };
    const after = { ...before, CustomerInfo: '{"Email":"new.address@fabrikam.com","FirstName":"Zelda"}', Extra: 'x' };
    archive.upsertLeads([leadOf(before), leadOf({ ...before, RowKey: 'other' })]);
    const id = archive.findLeadId('dest-1', 'p', 'r')!;
    expect(ftsIds(archive, 'contoso')).toEqual([id, id + 1]);
    expect(archive.upsertLeads([leadOf(after)])).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(archive.getLead(id)).toMatchObject({ email: 'new.address@fabrikam.com', raw: { Extra: 'x' } });
    expect(ftsIds(archive, 'contoso')).toEqual([id + 1]);
    expect(ftsIds(archive, 'fabrikam')).toEqual([id]);
    expect(ftsIds(archive, 'zelda')).toEqual([id, id + 1]);
    archive.close();
  });

  it('treats a new ETag as a change and the same ETag as none', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const entity = { partitionKey: 'p', rowKey: 'r', etag: 'W/"1"', timestamp: '2024-01-01T00:00:00Z', LeadSource: 'SPZA-INS|a.b' };
    archive.upsertLeads([leadOf(entity)]);
    expect(archive.upsertLeads([leadOf(entity)]).unchanged).toBe(1);
    expect(archive.upsertLeads([leadOf({ ...entity, etag: 'W/"2"', timestamp: '2024-01-02T00:00:00Z' })]).updated).toBe(1);
    expect(archive.getLead(archive.findLeadId('dest-1', 'p', 'r')!)?.etag).toBe('W/"2"');
    archive.close();
  });

  it('never touches triage data', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const entity = { PartitionKey: 'p', RowKey: 'r', LeadSource: 'SPZA-PLT|a.b', CustomerInfo: '{"Email":"a@b.c"}' };
    archive.upsertLeads([leadOf(entity)]);
    const id = archive.findLeadId('dest-1', 'p', 'r')!;
    expect(archive.getLead(id)?.triage).toEqual({ status: 'new', notes: '', read: false, updatedAt: null });
    archive.updateTriage(id, { status: 'contacted', notes: 'Called — wants a quote 📞', read: true });
    archive.upsertLeads([leadOf(entity)]);
    archive.upsertLeads([leadOf({ ...entity, CustomerInfo: '{"Email":"changed@b.c"}' })]);
    const lead = archive.getLead(id)!;
    expect(lead.email).toBe('changed@b.c');
    expect(lead.triage).toMatchObject({ status: 'contacted', notes: 'Called — wants a quote 📞', read: true });
    expect(archive.updateTriage(id, { read: false })).toMatchObject({ status: 'contacted', read: false });
    expect(() => archive.updateTriage(id, { status: 'won' as never })).toThrowError(/Unknown status/);
    expect(() => archive.updateTriage(999_999, { read: true })).toThrowError(/No lead/);
    archive.close();
  });

  it('round-trips every field of every kind of sample lead, raw entity included', () => {
    const archive = openArchive(join(tempDir(), 'a.db'));
    const leads = sampleLeads(3000, 11);
    archive.upsertLeads(leads);
    for (const lead of leads) {
      const stored = archive.getLead(archive.findLeadId(lead.destinationId, lead.partitionKey, lead.rowKey)!)!;
      const { id: _id, triage: _triage, ...rest } = stored;
      expect(rest).toEqual(lead);
    }
    archive.close();
  });

  it('loads 100k leads in batches, each searchable', () => {
    const file = join(tempDir(), 'big.db');
    const archive = openArchive(file);
    const leads = sampleLeads(100_000, 42);
    for (let i = 0; i < leads.length; i += 5000) archive.upsertLeads(leads.slice(i, i + 5000));
    expect(archive.countLeads()).toBe(100_000);
    const indexed = archive.db.prepare('SELECT count(*) AS n FROM leads_fts').get() as { n: number };
    expect(indexed.n).toBe(100_000);
    const expected = leads.filter((l) => /müller/i.test(`${l.firstName} ${l.lastName} ${l.company}`)).length;
    expect(expected).toBeGreaterThan(100);
    const found = archive.db
      .prepare(`SELECT count(*) AS n FROM leads_fts WHERE leads_fts MATCH '{first_name last_name company}: "müller"'`)
      .get() as { n: number };
    expect(found.n).toBe(expected);
    archive.close();
    const reopened = openArchive(file);
    expect(reopened.upsertLeads(leads.slice(0, 5000))).toMatchObject({ inserted: 0, updated: 0, unchanged: 5000 });
    reopened.close();
  });
});

describe('lead counts kept by the archive', () => {
  it('equal a fresh count after inserts and updates that change counted values', () => {
    const archive = openArchive(join(tempDir(), 'stats.db'));
    const leads = sampleLeads(3000, 61);
    archive.upsertLeads(leads.slice(0, 2000));
    archive.upsertLeads(leads.slice(1500).map((lead, i) => (i < 500 ? { ...lead, etag: 'W/"2"', offer: 'moved.offer', email: '', phone: i % 2 ? '' : lead.phone } : lead)));
    const kept = archive.db.prepare('SELECT * FROM lead_stats WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9').all();
    const fresh = archive.db
      .prepare(
        `SELECT destination_id, is_test, do_not_contact, offer, action, source, country, email != '' AS has_email, phone != '' AS has_phone, count(*) AS n
         FROM leads GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      )
      .all();
    expect(kept).toEqual(fresh);
    expect((archive.db.prepare('SELECT count(*) AS z FROM lead_stats WHERE n <= 0').get() as { z: number }).z).toBe(0);
    archive.close();
  });
});

describe('the SQLite driver for another runtime', () => {
  it('loads the driver named by nativeBinding, and says so when that file is missing', () => {
    // The file this Node loads: 13's prebuilt Node-API driver, or on Node 20 the 12.x build compiled for it.
    const driver = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    const nodeBuild = [join(driver, 'build', 'Release', 'better_sqlite3.node'), join(driver, 'prebuilds', `${process.platform}-${process.arch}.node`)].find((file) => existsSync(file))!;
    const archive = openArchive(join(tempDir(), 'native.db'), { nativeBinding: nodeBuild });
    archive.upsertLeads(sampleLeads(3));
    expect(archive.countLeads()).toBe(3);
    archive.close();
    expect(() => openArchive(join(tempDir(), 'missing.db'), { nativeBinding: join(tempDir(), 'nope.node') })).toThrow(ArchiveError);
  });
});
