import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachLeadIndex, countLeads, listViews, prepareForQueries, queryLeads, readyLeadIndex } from '../../electron/core/inbox';
import { checkArchiveFile } from '../../electron/core/store/check';
import { DEFAULT_QUIET_DAYS } from '../../electron/core/destinationHealth';
import { baseQuality } from '../../electron/core/leads';
import { LATEST_SCHEMA_VERSION, loadDestinationSettings, loadSyncSchedule, MIGRATIONS, openArchive } from '../../electron/core/store';
import { DEFAULT_SYNC_EVERY_MINUTES } from '../../electron/core/sync/schedule';
import { LEAD_COLUMNS } from '../../electron/core/store/leadColumns';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete } from '../support/archiveCompare';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'archives');
const tempDir = useTempDir();
const COLUMNS = ['id', ...LEAD_COLUMNS.map(([column]) => column), 'raw_json', 'first_seen_at', 'updated_at'];

function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    return {
      leads: db.prepare(`SELECT ${COLUMNS.join(', ')} FROM leads ORDER BY id`).all(),
      triage: db.prepare('SELECT lead_id, status, notes, read, updated_at FROM lead_triage ORDER BY lead_id').all(),
      // The columns every version has: later ones add settings, checked on their own.
      destinations: tables.has('destinations') ? db.prepare('SELECT id, name, kind, config_json, created_at, updated_at FROM destinations').all() : [],
      views: tables.has('saved_views') ? (db.prepare('SELECT name, definition_json FROM saved_views').all() as { name: string; definition_json: string }[]) : [],
      imported: tables.has('imported_files') ? db.prepare('SELECT * FROM imported_files').all() : [],
    };
  } finally {
    db.close();
  }
}

describe('archives written by every earlier schema version', () => {
  it('has a fixture for every version', () => {
    const versions = readdirSync(FIXTURES).flatMap((name) => /^schema-(\d+)\.db$/.exec(name)?.[1] ?? []).map(Number).sort((a, b) => a - b);
    expect(versions).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  for (const { version } of MIGRATIONS) {
    it(`opens a schema ${version} archive with this version: every lead, triage note, view and destination intact, search and counts whole`, () => {
      const file = join(tempDir(), `schema-${version}.db`);
      copyFileSync(join(FIXTURES, `schema-${version}.db`), file);
      const before = snapshot(file);
      expect(before.leads).toHaveLength(40);

      const archive = openArchive(file);
      expect(archive.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      archive.close();
      const after = snapshot(file);
      expect(after.leads).toEqual(before.leads);
      expect(after.triage).toEqual(before.triage);
      expect(after.destinations).toEqual(before.destinations);
      expect(after.views).toEqual(before.views);
      expect(after.imported).toEqual(before.imported);

      const reopened = openArchive(file);
      expectArchiveComplete(reopened);
      expect(reopened.getLead(3)!.triage).toMatchObject({ status: 'qualified', notes: `Schema ${version}: budget approved, call in May` });
      expect(countLeads(reopened, { test: 'all' })).toBe(40);
      // Every lead carries its quality score, earlier archives' leads scored on opening.
      const scores = reopened.db.prepare('SELECT id, quality FROM leads ORDER BY id').all() as { id: number; quality: number | null }[];
      expect(scores.map(({ id, quality }) => [id, quality])).toEqual(scores.map(({ id }) => [id, baseQuality(reopened.getLead(id)!)]));
      expect(new Set(scores.map(({ quality }) => quality)).size).toBeGreaterThan(3);
      const company = (before.leads[4] as { company: string }).company.split(/\s+/)[0]!;
      expect(queryLeads(reopened, { text: company, test: 'all' }).rows.map((row) => row.id)).toContain(5);
      expect(listViews(reopened).map((view) => view.name)).toEqual(expect.arrayContaining(version >= 3 ? ['Qualified in Germany'] : []));
      if (version >= 2) {
        // Destinations from before background sync get its default; a saved interval and failures stay.
        expect(loadSyncSchedule(reopened, 'table:contoso/marketplaceleads')).toMatchObject(
          version >= 6 ? { everyMinutes: 60, failures: 2, lastProblem: { code: 'wrong-key' } } : { everyMinutes: DEFAULT_SYNC_EVERY_MINUTES, failures: 0, lastProblem: null },
        );
        expect(loadDestinationSettings(reopened, 'table:contoso/marketplaceleads')).toMatchObject(
          version >= 7 ? { quietDays: 14, offerChangedAt: '2026-06-01T09:00:00.000Z' } : { quietDays: DEFAULT_QUIET_DAYS, offerChangedAt: null },
        );
      }
      reopened.close();
      expect(checkArchiveFile(file)).toMatchObject({ sound: true, leads: 40, triaged: 3 });
    });
  }

  it('turns the test markers earlier versions archived as source and action into none, counts included', () => {
    const file = join(tempDir(), 'schema-7-marked.db');
    copyFileSync(join(FIXTURES, 'schema-7.db'), file);
    const db = new Database(file);
    const marker = 'MSFT_TEST_636573304831318844';
    // As versions up to 7 archived a Salesforce-form test lead: its marker as both codes, counted so.
    db.prepare('UPDATE leads SET source = ?, action = ?, is_test = 1, lead_source_raw = ? WHERE id IN (2, 9)').run(marker, marker, `${marker}-${marker}|Contoso Widget Pro`);
    db.exec(`DELETE FROM lead_stats; INSERT INTO lead_stats SELECT destination_id, is_test, do_not_contact, offer, action, source, country, email != '', phone != '', count(*)
      FROM leads GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`);
    db.close();

    const archive = openArchive(file);
    expect(archive.db.prepare('SELECT id, source, action, lead_source_raw FROM leads WHERE id IN (2, 9) ORDER BY id').all()).toEqual([
      { id: 2, source: '', action: '', lead_source_raw: `${marker}-${marker}|Contoso Widget Pro` },
      { id: 9, source: '', action: '', lead_source_raw: `${marker}-${marker}|Contoso Widget Pro` },
    ]);
    expect(archive.db.prepare("SELECT count(*) FROM lead_stats WHERE source LIKE 'MSFT%' OR action LIKE 'MSFT%'").pluck().get()).toBe(0);
    archive.close();
    expect(checkArchiveFile(file)).toMatchObject({ sound: true, leads: 40 });
  });

  it('survives kill -9 in the middle of the move to schema 11, every sort index dropped and nothing committed', async () => {
    const file = join(tempDir(), 'schema-10-killed.db');
    copyFileSync(join(FIXTURES, 'schema-10.db'), file);
    const before = snapshot(file);
    const migration = MIGRATIONS.find((m) => m.version === 11)!;
    // The migration as migrate() runs it, in WAL mode as the app keeps archives, stopped before its commit.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
        db.pragma('journal_mode = WAL');
        db.exec('BEGIN IMMEDIATE');
        db.exec(process.argv[2]);
        console.log(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'leads_sort_%'").pluck().get());
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`,
        file,
        migration.sql,
      ],
      { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [said] = (await once(child.stdout!, 'data')) as [Buffer];
    expect(said.toString().trim(), 'the child dropped every sort index').toBe('0');
    child.kill('SIGKILL');
    await once(child, 'exit');

    const leftBehind = new Database(file, { readonly: true });
    expect(leftBehind.pragma('user_version', { simple: true }), 'nothing of the migration was committed').toBe(10);
    expect(leftBehind.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'leads_sort_%'").pluck().get()).toBe(5);
    leftBehind.close();

    const archive = openArchive(file);
    expect(archive.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expectArchiveComplete(archive);
    archive.close();
    const after = snapshot(file);
    expect(after.leads).toEqual(before.leads);
    expect(after.triage).toEqual(before.triage);
    expect(after.views).toEqual(before.views);

    // Sorted by each column that lost its index, the lead index and SQL give the leads in the same order.
    const indexed = openArchive(file);
    prepareForQueries(indexed);
    attachLeadIndex(indexed, () => undefined).buildNow();
    const plain = openArchive(file);
    for (const column of ['company', 'lastName', 'email', 'country', 'offer'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const query = { test: 'all' as const, sort: { column, direction } };
        const fromSql = queryLeads(plain, query, { limit: 40 }).rows.map((row) => row.id);
        expect(fromSql).toHaveLength(40);
        expect(queryLeads(indexed, query, { limit: 40 }).rows.map((row) => row.id), `${column} ${direction}`).toEqual(fromSql);
        expect(readyLeadIndex(indexed)?.orderOf(column), 'answered from the lead index').toBeDefined();
      }
    }
    plain.close();
    indexed.close();
  });
});
