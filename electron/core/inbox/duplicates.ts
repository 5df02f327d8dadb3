import type { Archive } from '../store';

export type DuplicateReason = 'same email' | 'same phone' | 'same name and company';

/** Why leads share a key: the key says which identifying field matched. */
export function duplicateReason(key: string): DuplicateReason | null {
  if (key.startsWith('email:')) return 'same email';
  if (key.startsWith('phone:')) return 'same phone';
  if (key.startsWith('name:')) return 'same name and company';
  return null;
}

/** True when leads changed since the duplicate groups were last rebuilt. */
export function duplicateGroupsStale(archive: Archive): boolean {
  const stale = archive.db.prepare("SELECT value FROM archive_meta WHERE key = 'duplicates_stale'").get() as { value: string } | undefined;
  return stale?.value === '1';
}

/**
 * Rebuilds the groups of two or more leads sharing a duplicate key, when a sync changed leads since the
 * last build. One grouped scan of an index: cheap next to keeping counts up to date on every insert.
 */
export function refreshDuplicateGroups(archive: Archive): void {
  if (!duplicateGroupsStale(archive)) return;
  archive.transaction(() => {
    archive.db.exec(`
      DELETE FROM duplicate_groups;
      INSERT INTO duplicate_groups (duplicate_key, size)
        SELECT duplicate_key, count(*) FROM leads WHERE duplicate_key != '' GROUP BY duplicate_key HAVING count(*) > 1;
      UPDATE archive_meta SET value = '0' WHERE key = 'duplicates_stale';
    `);
  });
}
