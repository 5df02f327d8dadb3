import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { baseQuality, type Lead } from '../leads';
import { buildDeferredIndexes, deferIndexesIfEmpty, indexesDeferred, statsDeferred, type IndexPacing } from './deferredIndexes';
import { ArchiveError, damageFailure, noAccess, readOnlyLocation, writeFailure } from './errors';
import { FTS_COLUMNS, LEAD_COLUMNS, leadFromRow, leadValues } from './leadColumns';
import { assertNotNewer, migrate, schemaVersion } from './migrate';
import { STATS_GROUP, STATS_KEY, STATS_VALUES } from './leadStats';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { scoreLeads } from './qualityScores';

import { TRIAGE_STATUSES, type TriageStatus } from './triageStatuses';

export { TRIAGE_STATUSES, type TriageStatus };

export interface Triage {
  readonly status: TriageStatus;
  readonly notes: string;
  readonly read: boolean;
  readonly updatedAt: string | null;
}

export interface ArchivedLead extends Lead {
  readonly id: number;
  readonly triage: Triage;
}

/**
 * What a write changed, for in-memory readers of the archive (the lead index). Inserted leads are not
 * listed: they are the ones above the highest id a reader has seen.
 */
export type ArchiveChange =
  | { readonly kind: 'leads'; readonly updatedIds: readonly number[] }
  | { readonly kind: 'removed' }
  | { readonly kind: 'indexes' }
  | { readonly kind: 'triage'; readonly ids: readonly number[] };

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Inserted leads that are not Microsoft test leads. */
  insertedRealLeads: number;
}

// New rows are the common case (a first sync), so the insert is tried first and the identity index
// answers "already there?" as part of it, instead of a separate look-up per row.
const INSERT_SQL = `INSERT INTO leads (${LEAD_COLUMNS.map(([c]) => c).join(', ')}, raw_json, quality, first_seen_at, updated_at)
  VALUES (${LEAD_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, ?)
  ON CONFLICT (destination_id, partition_key, row_key) DO NOTHING`;
const UPDATE_SQL = `UPDATE leads SET ${LEAD_COLUMNS.map(([c]) => `${c} = ?`).join(', ')}, raw_json = ?, quality = ?, updated_at = ?
  WHERE id = ?`;
const FTS_FILL_SQL = (where: string) =>
  `INSERT INTO leads_fts (rowid, ${FTS_COLUMNS.join(', ')}) SELECT id, ${FTS_COLUMNS.join(', ')} FROM leads WHERE ${where}`;

/** Named statements, prepared once per connection. */
function prepareStatements(db: Database.Database) {
  return {
    findExisting: db.prepare<[string, string, string], { id: number; etag: string | null; raw_json: string }>(
      'SELECT id, etag, raw_json FROM leads WHERE destination_id = ? AND partition_key = ? AND row_key = ?',
    ),
    insertLead: db.prepare(INSERT_SQL),
    updateLead: db.prepare(UPDATE_SQL),
    maxLeadId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM leads'),
    ftsFillRange: db.prepare<[number, number]>(FTS_FILL_SQL('id > ? AND id <= ?')),
    ftsFillIds: db.prepare<[string]>(FTS_FILL_SQL('id IN (SELECT value FROM json_each(?))')),
    ftsDeleteIds: db.prepare<[string]>('DELETE FROM leads_fts WHERE rowid IN (SELECT value FROM json_each(?))'),
    leadById: db.prepare<[number], Record<string, unknown>>(
      `SELECT leads.*, t.status, t.notes, t.read, t.updated_at AS triage_updated_at
       FROM leads LEFT JOIN lead_triage t ON t.lead_id = leads.id WHERE leads.id = ?`,
    ),
    leadIdByIdentity: db.prepare<[string, string, string], { id: number }>(
      'SELECT id FROM leads WHERE destination_id = ? AND partition_key = ? AND row_key = ?',
    ),
    countLeads: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM leads'),
    countLeadsOf: db.prepare<[string], { n: number }>('SELECT coalesce(sum(n), 0) AS n FROM lead_stats WHERE destination_id = ?'),
    countLeadRowsOf: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM leads WHERE destination_id = ?'),
    statsAddRange: db.prepare<[number, number]>(
      `INSERT INTO lead_stats (${STATS_KEY}, n)
       SELECT ${STATS_VALUES}, count(*) FROM leads WHERE id > ? AND id <= ? GROUP BY ${STATS_GROUP}
       ON CONFLICT (${STATS_KEY}) DO UPDATE SET n = n + excluded.n`,
    ),
    statsAddLead: db.prepare<[number]>(
      `INSERT INTO lead_stats (${STATS_KEY}, n) SELECT ${STATS_VALUES}, 1 FROM leads WHERE id = ?
       ON CONFLICT (${STATS_KEY}) DO UPDATE SET n = n + 1`,
    ),
    statsRemoveLead: db.prepare<[number]>(
      `UPDATE lead_stats SET n = n - 1 WHERE (${STATS_KEY}) = (SELECT ${STATS_VALUES} FROM leads WHERE id = ?)`,
    ),
    statsPrune: db.prepare('DELETE FROM lead_stats WHERE n <= 0'),
    markDuplicatesStale: db.prepare("UPDATE archive_meta SET value = '1' WHERE key = 'duplicates_stale'"),
    upsertTriage: db.prepare(
      `INSERT INTO lead_triage (lead_id, status, notes, read, updated_at) VALUES (@id, @status, @notes, @read, @now)
       ON CONFLICT (lead_id) DO UPDATE SET status = @status, notes = @notes, read = @read, updated_at = @now`,
    ),
  };
}

export interface ArchiveOptions {
  /**
   * The SQLite driver compiled for this runtime. Node (tests, CLI) uses the one npm built; Electron needs
   * its own build, kept apart so one `npm install` serves both.
   */
  readonly nativeBinding?: string;
  /** Only open an archive that exists (commands that read): never create an empty one at a mistyped path. */
  readonly mustExist?: boolean;
}

/**
 * A new archive holds years of customers' names, emails and phones: its folder is created 0700 and the file
 * 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function isCantOpen(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'));
}

function openDatabase(file: string, options: ArchiveOptions): Database.Database {
  const locked = file === ':memory:' ? null : noAccess(file);
  if (locked) throw locked;
  if (file !== ':memory:' && !existsSync(file)) {
    if (options.mustExist) throw new ArchiveError('missing', `There is no archive at ${file}.`);
    try {
      createPrivately(file);
    } catch (error) {
      throw readOnlyLocation(file) ?? new ArchiveError('cannot-open', `Cannot create the archive ${file}: ${(error as Error).message}.`);
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: file !== ':memory:', ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    throw readOnlyLocation(file) ?? new ArchiveError('cannot-open', `Cannot open the archive ${file}: ${(error as Error).message}.`);
  }
  try {
    assertNotNewer(db, file);
  } catch (error) {
    db.close();
    if (error instanceof ArchiveError) throw error;
    // Opening a WAL archive writes its shared-memory file: on a full disk that fails, the archive is fine.
    const refused = writeFailure(error) ?? damageFailure(error, file) ?? (isCantOpen(error) ? readOnlyLocation(file) : null);
    if (refused) throw refused;
    throw new ArchiveError(
      'not-an-archive',
      `${file} is not a Lead Inbox archive (${(error as Error).message}). Choose another file; this one was not changed.`,
    );
  }
  return db;
}

/** Connection settings every archive connection uses (also the benchmarks' baselines, to compare like with like). */
export function tuneConnection(db: Database.Database): void {
  // Only a new, empty file takes a page size (an existing archive keeps its own). 16 KB pages made a
  // million-lead first load about 30% faster than 4 KB ones, its index builds faster still, and the
  // file 7% smaller: fewer page splits, fewer WAL frames, fewer pages for a scan to read.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL stays consistent after a crash; only the last commits before a power cut may be lost,
  // and a sync simply fetches those again.
  db.pragma('synchronous = NORMAL');
  // A sync writes tens of MB at once: fewer, larger checkpoints and a bigger page cache keep it fast.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');
}

/**
 * The local SQLite archive: every synced lead with its raw entity, plus local triage. Opening it applies
 * pending migrations; a file from a newer app version is refused untouched.
 */
export class Archive {
  readonly db: Database.Database;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly listeners = new Set<(change: ArchiveChange) => void>();

  constructor(
    readonly file: string,
    readonly options: ArchiveOptions = {},
  ) {
    this.db = openDatabase(file, options);
    try {
      try {
        tuneConnection(this.db);
      } catch (error) {
        throw (isCantOpen(error) && file !== ':memory:' ? readOnlyLocation(file) : null) ?? error;
      }
      // A migration may change the very indexes a cut-short first load left unbuilt: build them first.
      const version = schemaVersion(this.db);
      if (version >= 3 && version < LATEST_SCHEMA_VERSION && indexesDeferred(this.db)) buildDeferredIndexes(this.db);
      migrate(this.db, MIGRATIONS);
      scoreLeads(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.sql = prepareStatements(this.db);
  }

  /**
   * Runs fn in one transaction (nested calls become savepoints), so a batch and its bookkeeping commit
   * together. It takes the write lock at BEGIN: a transaction that read first and wrote later could not
   * wait for another process's write (SQLite refuses at once, "database is locked", as its snapshot is
   * stale), while one that starts with the lock waits its turn under the busy timeout.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Runs fn's reads on one snapshot of the archive, so that what one statement learned still holds for the
   * next. Another process's first sync drops the secondary indexes and builds them again at its end: a
   * query that asked indexesDeferred and then named an index met "no such index" when that fell between
   * the two. fn must not write: the lock it would need may be another process's.
   */
  readSnapshot<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).deferred();
  }

  /**
   * Inserts new leads and updates changed ones, keyed by (destination, PartitionKey, RowKey); triage is never
   * touched. The full-text index is filled per batch with one set-based statement instead of a trigger per
   * row, which is what keeps bulk loads fast.
   */
  upsertLeads(leads: Iterable<Lead>): UpsertResult {
    return this.transaction(() => {
      const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0, insertedRealLeads: 0 };
      const firstNewId = this.sql.maxLeadId.get()?.id ?? 0;
      const updatedIds: number[] = [];
      const now = new Date().toISOString();
      // A first load counts its leads once, at the end (see deferredIndexes.ts): read under the write lock.
      const counting = !statsDeferred(this.db);
      for (const lead of leads) {
        const values = leadValues(lead);
        // Scored as written, from exactly what is written (see leads/quality.ts).
        const quality = baseQuality(lead);
        if (this.sql.insertLead.run(...values, quality, now, now).changes === 1) {
          result.inserted++;
          if (!lead.isTest) result.insertedRealLeads++;
          continue;
        }
        const existing = this.sql.findExisting.get(lead.destinationId, lead.partitionKey, lead.rowKey)!;
        if (
          (existing.etag !== null && lead.etag !== null && existing.etag === lead.etag) ||
          existing.raw_json === values[values.length - 1]
        ) {
          result.unchanged++;
        } else {
          if (counting) this.sql.statsRemoveLead.run(existing.id);
          this.sql.updateLead.run(...values, quality, now, existing.id);
          if (counting) this.sql.statsAddLead.run(existing.id);
          updatedIds.push(existing.id);
          result.updated++;
        }
      }
      if (updatedIds.length > 0) {
        if (counting) this.sql.statsPrune.run();
        const ids = JSON.stringify(updatedIds);
        this.sql.ftsDeleteIds.run(ids);
        this.sql.ftsFillIds.run(ids);
      }
      if (result.inserted > 0) {
        const lastNewId = this.sql.maxLeadId.get()?.id ?? firstNewId;
        this.sql.ftsFillRange.run(firstNewId, lastNewId);
        if (counting) this.sql.statsAddRange.run(firstNewId, lastNewId);
      }
      if (result.inserted > 0 || result.updated > 0) {
        this.sql.markDuplicatesStale.run();
        this.notifyChange({ kind: 'leads', updatedIds });
      }
      return result;
    });
  }

  /**
   * Starts a first load: when the archive holds no leads, its secondary indexes are dropped until
   * buildDeferredIndexes (see deferredIndexes.ts). Returns whether they are deferred.
   */
  deferIndexesIfEmpty(): boolean {
    return deferIndexesIfEmpty(this.db);
  }

  /** True while a first load's indexes wait to be built: queries must not name them. */
  get indexesDeferred(): boolean {
    return indexesDeferred(this.db);
  }

  /** True while a first load's running counts (lead_stats) wait to be made: counts come from the leads. */
  get statsDeferred(): boolean {
    return statsDeferred(this.db);
  }

  /** Builds the indexes a first load deferred, if any; returns how many. Readers then re-read sort orders. */
  buildDeferredIndexes(onIndex?: (built: number, of: number) => void, pacing?: IndexPacing): number {
    const built = buildDeferredIndexes(this.db, onIndex, pacing);
    if (built > 0) this.notifyChange({ kind: 'indexes' });
    return built;
  }

  getLead(id: number): ArchivedLead | null {
    const row = this.sql.leadById.get(id);
    if (!row) return null;
    return {
      ...leadFromRow(row),
      id: row.id as number,
      triage: {
        status: (row.status as TriageStatus | null) ?? 'new',
        notes: (row.notes as string | null) ?? '',
        read: row.read === 1,
        updatedAt: (row.triage_updated_at as string | null) ?? null,
      },
    };
  }

  findLeadId(destinationId: string, partitionKey: string, rowKey: string): number | null {
    return this.sql.leadIdByIdentity.get(destinationId, partitionKey, rowKey)?.id ?? null;
  }

  countLeads(): number {
    return this.sql.countLeads.get()!.n;
  }

  /**
   * How many leads one destination holds, from the running counts kept with every write: counting its
   * rows took 52–56 ms at a million leads (0.5 s with a cold cache) on every sync pass, even one that
   * found nothing new; this takes under a millisecond. `lead-inbox check` compares the two.
   */
  countLeadsOf(destinationId: string): number {
    return (this.statsDeferred ? this.sql.countLeadRowsOf : this.sql.countLeadsOf).get(destinationId)!.n;
  }

  /**
   * Deletes every lead of one destination, with its triage, index entries and counts. Only for data the
   * user asked to drop (the sample leads); synced leads are never deleted by a sync.
   */
  removeLeadsOf(destinationId: string): number {
    return this.transaction(() => {
      this.db.prepare('DELETE FROM leads_fts WHERE rowid IN (SELECT id FROM leads WHERE destination_id = ?)').run(destinationId);
      this.db.prepare('DELETE FROM lead_stats WHERE destination_id = ?').run(destinationId);
      const removed = this.db.prepare('DELETE FROM leads WHERE destination_id = ?').run(destinationId).changes;
      if (removed > 0) {
        this.sql.markDuplicatesStale.run();
        this.notifyChange({ kind: 'removed' });
      }
      return removed;
    });
  }

  /** Sets a lead's local triage; fields left out keep their value. */
  updateTriage(id: number, patch: Partial<Pick<Triage, 'status' | 'notes' | 'read'>>): Triage {
    const current = this.getLead(id);
    if (!current) throw new RangeError(`No lead with id ${id} in the archive.`);
    const next = { ...current.triage, ...patch };
    if (!TRIAGE_STATUSES.includes(next.status)) throw new RangeError(`Unknown status "${String(next.status)}".`);
    const now = new Date().toISOString();
    this.sql.upsertTriage.run({ id, status: next.status, notes: next.notes, read: next.read ? 1 : 0, now });
    this.notifyChange({ kind: 'triage', ids: [id] });
    return { status: next.status, notes: next.notes, read: next.read, updatedAt: now };
  }

  /** Calls listener after every write to leads or triage made through this connection. */
  onChange(listener: (change: ArchiveChange) => void): void {
    this.listeners.add(listener);
  }

  /** For writers outside this class (bulk triage): tells the listeners what changed. */
  notifyChange(change: ArchiveChange): void {
    for (const listener of this.listeners) listener(change);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openArchive(file: string, options: ArchiveOptions = {}): Archive {
  return new Archive(file, options);
}
