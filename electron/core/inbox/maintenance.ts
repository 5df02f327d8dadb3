import type { Archive } from '../store';
import { refreshDuplicateGroups } from './duplicates';

/**
 * SQLite picks between walking a sort index and filtering first from table statistics; with none, or
 * stale ones after a big sync, it can sort a million rows to show a hundred. Statistics are refreshed
 * when the archive has grown by a tenth since they were taken (a full ANALYZE: about 1.5 s at 1M leads).
 */
function analyzeIfStale(archive: Archive): void {
  // Statistics of a table whose indexes are still to be built would be taken again right after.
  if (archive.indexesDeferred) return;
  const maxId = (archive.db.prepare('SELECT coalesce(max(id), 0) AS n FROM leads').get() as { n: number }).n;
  const row = archive.db.prepare("SELECT value FROM archive_meta WHERE key = 'analyzed_at_max_id'").get() as { value: string } | undefined;
  const analyzedAt = Number(row?.value ?? 0);
  if (maxId <= analyzedAt * 1.1 + 1000) return;
  archive.db.exec('ANALYZE');
  archive.db.prepare("INSERT OR REPLACE INTO archive_meta (key, value) VALUES ('analyzed_at_max_id', ?)").run(String(maxId));
}

/** Brings derived data (duplicate groups, planner statistics) up to date before the archive is queried. */
export function prepareForQueries(archive: Archive): void {
  refreshDuplicateGroups(archive);
  analyzeIfStale(archive);
}
