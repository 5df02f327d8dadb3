import type Database from 'better-sqlite3';
import { STATS_REBUILD_SQL } from './leadStats';

/**
 * A first load into an empty archive writes rows without keeping the leads table's secondary indexes,
 * then builds each once, sorted, at the end: at a million leads that is several times faster than
 * updating ten B-trees row by row. The dropped indexes' own CREATE statements are kept in archive_meta
 * until they are built again, so a load killed at any moment still knows exactly what to rebuild, and
 * queries ask `indexesDeferred` before naming an index.
 *
 * The identity index stays: every insert checks it, and its keys arrive in order on a first pass.
 *
 * The running counts (lead_stats) wait the same way, as the last entry of the list: grouping each page's
 * new leads into them cost a first sync of 100,000 leads 400-650 ms, one grouping of every lead at the
 * end about 200 ms (at a million leads the two come out about even, the grouping then reading the whole
 * table). Until then every count is taken from the leads themselves.
 */
const META_KEY = 'deferred_indexes';
const STATS: IndexDefinition = { name: 'lead_stats', sql: STATS_REBUILD_SQL };

interface IndexDefinition {
  readonly name: string;
  readonly sql: string;
}

function pending(db: Database.Database): IndexDefinition[] {
  const row = db.prepare('SELECT value FROM archive_meta WHERE key = ?').get(META_KEY) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as IndexDefinition[]) : [];
}

function record(db: Database.Database, definitions: readonly IndexDefinition[]): void {
  if (definitions.length === 0) db.prepare('DELETE FROM archive_meta WHERE key = ?').run(META_KEY);
  else db.prepare('INSERT OR REPLACE INTO archive_meta (key, value) VALUES (?, ?)').run(META_KEY, JSON.stringify(definitions));
}

/** True while some of the leads table's indexes wait to be built (a first load is running or was cut short). */
export function indexesDeferred(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM archive_meta WHERE key = ?').get(META_KEY) !== undefined;
}

/**
 * True while the running counts wait to be made: writes leave them alone and counts come from the leads.
 * (A load cut short by an earlier version deferred only indexes, and kept its counts.)
 */
export function statsDeferred(db: Database.Database): boolean {
  return pending(db).some((definition) => definition.name === STATS.name);
}

/**
 * Drops the leads table's secondary indexes, remembering them, when the archive holds no leads. Returns
 * whether indexes are now deferred (also when an earlier, interrupted load left them so).
 */
export function deferIndexesIfEmpty(db: Database.Database): boolean {
  return db.transaction(() => {
    if (indexesDeferred(db)) return true;
    if (db.prepare('SELECT 1 FROM leads LIMIT 1').get() !== undefined) return false;
    const definitions = db
      .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL AND name != 'leads_identity' ORDER BY name")
      .all() as IndexDefinition[];
    if (definitions.length === 0) return false;
    for (const { name } of definitions) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    // Last, so that it strikes the list: a write sees the counts deferred exactly until they are made.
    record(db, [...definitions, STATS]);
    return true;
  }).immediate();
}

export interface IndexPacing {
  /** An index build that held the write lock this long is followed by a pause... */
  readonly pauseAfterMs: number;
  /** ...this long, with the lock free. */
  readonly pauseMs: number;
}

/**
 * Another program waiting to write (the app's triage beside a cron sync) sleeps in SQLite's busy handler
 * up to 100 ms between tries, and back-to-back index builds free the lock only for microseconds: at a
 * million leads it would wait out every index and give up after its 5 s busy timeout. A 100 ms pause
 * after each long build lets it in every time; short builds (small archives) need none.
 */
const INDEX_PACING: IndexPacing = { pauseAfterMs: 200, pauseMs: 100 };

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds every deferred index, each in a transaction of its own that also strikes it from the list, so
 * a build cut short resumes with the indexes still missing. Planner statistics are renewed afterwards.
 */
export function buildDeferredIndexes(db: Database.Database, onIndex?: (built: number, of: number) => void, pacing: IndexPacing = INDEX_PACING): number {
  const of = pending(db).length;
  let built = 0;
  // The list is read again under the write lock each time: another process may be building them too.
  const buildNext = db.transaction((): boolean => {
    const [next, ...rest] = pending(db);
    if (!next) return false;
    db.exec(next.sql);
    record(db, rest);
    // Statistics taken without the indexes say nothing of them: the next query takes them anew.
    db.prepare("INSERT OR REPLACE INTO archive_meta (key, value) VALUES ('analyzed_at_max_id', '0')").run();
    return true;
  });
  for (;;) {
    const started = performance.now();
    if (!buildNext.immediate()) return built;
    onIndex?.(++built, Math.max(of, built));
    if (performance.now() - started >= pacing.pauseAfterMs && pending(db).length > 0) sleepSync(pacing.pauseMs);
  }
}
