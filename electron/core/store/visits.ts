import type { Archive } from './archive';

const MARK = 'last_visit_lead_id';

/**
 * Starts a visit to the inbox: returns the highest lead id there was when the user last looked (what is
 * above it arrived since), and remembers today's highest for the next visit. The first visit has nothing
 * "new": everything was there before the user ever looked.
 */
export function startVisit(archive: Archive): number {
  return archive.transaction(() => {
    const highest = archive.db.prepare('SELECT coalesce(max(id), 0) FROM leads').pluck().get() as number;
    const saved = archive.db.prepare('SELECT value FROM archive_meta WHERE key = ?').pluck().get(MARK) as string | undefined;
    archive.db.prepare('INSERT OR REPLACE INTO archive_meta (key, value) VALUES (?, ?)').run(MARK, String(highest));
    return saved === undefined ? highest : Math.min(Number(saved), highest);
  });
}
