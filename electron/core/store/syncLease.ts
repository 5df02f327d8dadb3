import type { Archive } from './archive';

/** Another program's claim on a destination's sync. */
export interface SyncLeaseHolder {
  readonly holder: string;
  readonly until: string;
}

/**
 * Claims a destination's sync for `holder` until `now + ttlMs`, unless another holder's claim still runs
 * (and `gone` does not know its program to have ended); then returns that claim. Taken under the write
 * lock, so two programs cannot both win.
 */
export function takeSyncLease(
  archive: Archive,
  destinationId: string,
  holder: string,
  ttlMs: number,
  gone: (holder: string) => boolean = () => false,
  now = Date.now(),
): SyncLeaseHolder | null {
  return archive.transaction(() => {
    const claim = archive.db.prepare('SELECT running_by AS holder, running_until AS until FROM sync_state WHERE destination_id = ?').get(destinationId) as
      | { holder: string | null; until: string | null }
      | undefined;
    if (claim?.holder && claim.holder !== holder && claim.until && Date.parse(claim.until) > now && !gone(claim.holder)) return { holder: claim.holder, until: claim.until };
    archive.db
      .prepare(
        `INSERT INTO sync_state (destination_id, running_by, running_until) VALUES (?, ?, ?)
         ON CONFLICT (destination_id) DO UPDATE SET running_by = excluded.running_by, running_until = excluded.running_until`,
      )
      .run(destinationId, holder, new Date(now + ttlMs).toISOString());
    return null;
  });
}

/** Extends the holder's claim; does nothing when it is no longer theirs. */
export function renewSyncLease(archive: Archive, destinationId: string, holder: string, ttlMs: number, now = Date.now()): void {
  archive.db.prepare('UPDATE sync_state SET running_until = ? WHERE destination_id = ? AND running_by = ?').run(new Date(now + ttlMs).toISOString(), destinationId, holder);
}

export function releaseSyncLease(archive: Archive, destinationId: string, holder: string): void {
  archive.db.prepare('UPDATE sync_state SET running_by = NULL, running_until = NULL WHERE destination_id = ? AND running_by = ?').run(destinationId, holder);
}
