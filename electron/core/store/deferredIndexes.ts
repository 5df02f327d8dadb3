import type Database from 'better-sqlite3';

/**
 * A first load into an empty archive writes rows without keeping the leads table's secondary indexes,
 * then builds each once, sorted, at the end: at a million leads that is several times faster than
 * updating ten B-trees row by row. The dropped indexes' own CREATE statements are kept in archive_meta
 * until they are built again, so a load killed at any moment still knows exactly what to rebuild, and
 * queries ask `indexesDeferred` before naming an index.
 *
 * The identity index stays: every insert checks it, and its keys arrive in order on a first pass.
 */
const META_KEY = 'deferred_indexes';

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
    record(db, definitions);
    return true;
  }).immediate();
}

/**
 * Builds every deferred index, each in a transaction of its own that also strikes it from the list, so
 * a build cut short resumes with the indexes still missing. Planner statistics are renewed afterwards.
 */
export function buildDeferredIndexes(db: Database.Database, onIndex?: (built: number, of: number) => void): number {
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
  while (buildNext.immediate()) onIndex?.(++built, Math.max(of, built));
  return built;
}
