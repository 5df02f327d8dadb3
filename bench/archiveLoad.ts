import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadFromEntity, toSourceEntity, type Lead } from '../electron/core/leads';
import { generateSampleEntities } from '../electron/core/sample';
import { openArchive, tuneConnection } from '../electron/core/store';
import { LEAD_COLUMNS, leadValues } from '../electron/core/store/leadColumns';
import { MIGRATIONS } from '../electron/core/store/migrations';
import { step, type Figure } from './harness';

const BATCH = 5000;

function* leadBatches(count: number): Generator<Lead[]> {
  let batch: Lead[] = [];
  for (const entity of generateSampleEntities({ count, seed: 2026 })) {
    batch.push(leadFromEntity(toSourceEntity(entity), 'bench'));
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Times only the writes (and what the contender does once at the end): lead generation and parsing
 * happen outside the clock for every contender.
 */
function timeWrites(count: number, write: (batch: Lead[]) => void, finish: () => void = () => undefined): number {
  let ms = 0;
  for (const batch of leadBatches(count)) {
    const start = performance.now();
    write(batch);
    ms += performance.now() - start;
  }
  const start = performance.now();
  finish();
  ms += performance.now() - start;
  return (count / ms) * 1000;
}

/** File bytes per lead once the WAL is folded in. */
function bytesPerLead(db: Database.Database, file: string, count: number): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(file).size / count;
}

/** The naive ways: the same table with no full-text index at all, or kept by a trigger on every row. */
function plainTable(file: string, withTrigger: boolean): Database.Database {
  const db = new Database(file);
  tuneConnection(db);
  db.exec(MIGRATIONS.map((m) => m.sql).join('\n'));
  if (withTrigger) {
    db.exec(`CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts (rowid, first_name, last_name, email, company, title, description, offer, offer_name, country)
      VALUES (new.id, new.first_name, new.last_name, new.email, new.company, new.title, new.description, new.offer, new.offer_name, new.country);
    END`);
  } else {
    db.exec('DROP TABLE leads_fts');
  }
  return db;
}

function insertPlain(db: Database.Database): (batch: Lead[]) => void {
  const insert = db.prepare(
    `INSERT INTO leads (${LEAD_COLUMNS.map(([c]) => c).join(', ')}, raw_json, first_seen_at, updated_at)
     VALUES (${LEAD_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`,
  );
  return db.transaction((batch: Lead[]) => {
    const now = new Date().toISOString();
    for (const lead of batch) insert.run(...leadValues(lead), now, now);
  });
}

/** Loads `count` leads; leaves the loaded archive at `keepArchiveAs` for the benchmarks that read one. */
export function benchArchiveLoad(count: number, keepArchiveAs: string): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bench-'));
  try {
    // A first, unmeasured pass so JIT warm-up is charged to no contender.
    const warmUp = plainTable(join(dir, 'warm-up.db'), false);
    timeWrites(Math.min(count, 20_000), insertPlain(warmUp));
    warmUp.close();

    const rows = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} rows/s`;
    step('plain insert, no FTS (the baseline)');
    const plain = plainTable(join(dir, 'plain.db'), false);
    const baseline = timeWrites(count, insertPlain(plain));
    const plainBytes = bytesPerLead(plain, join(dir, 'plain.db'), count);
    plain.close();

    step(`plain insert: ${rows(baseline)}; now the archive's own first load (upserts, then its indexes built once)`);
    const archive = openArchive(keepArchiveAs);
    if (!archive.deferIndexesIfEmpty()) throw new Error('a new archive should defer its indexes on a first load');
    const rate = timeWrites(count, (batch) => archive.upsertLeads(batch), () => archive.buildDeferredIndexes());
    const archiveBytes = bytesPerLead(archive.db, keepArchiveAs, count);
    archive.close();

    step(`archive: ${rows(rate)}; now FTS kept by a per-row trigger`);
    const triggered = plainTable(join(dir, 'trigger.db'), true);
    const triggerRate = timeWrites(count, insertPlain(triggered));
    triggered.close();

    return [
      {
        name: `archive bulk load of ${count.toLocaleString('en-US')} leads, FTS and every index ready at the end (baseline, a floor: plain inserts of the same rows, no FTS)`,
        value: rate,
        unit: 'rows/s',
        baseline,
        target: '>= 100000',
      },
      {
        name: 'archive bytes per lead after the load (baseline: the plain table, same rows and indexes, no FTS)',
        value: archiveBytes,
        unit: 'B',
        baseline: plainBytes,
        target: 'informational',
      },
      {
        name: 'same load, FTS kept by a per-row trigger (for comparison)',
        value: triggerRate,
        unit: 'rows/s',
        baseline,
        target: 'informational',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
