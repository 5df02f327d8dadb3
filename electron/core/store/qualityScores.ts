import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { baseQuality, qualityRules } from '../leads';

const RULES_KEY = 'quality_rules';
/** The highest lead id that may still lack a score under the current rules; absent when none does. */
const UNSCORED_KEY = 'quality_unscored_to';
const CHUNK = 20_000;

const RULES = createHash('sha256').update(qualityRules()).digest('hex').slice(0, 16);

interface ScoreRow {
  id: number;
  email_key: string;
  phone_key: string;
  first_name: string;
  last_name: string;
  company: string;
  title: string;
  action: string;
  description: string;
  is_test: number;
  do_not_contact: number;
}

/**
 * Gives every lead its quality score under this version's rules: leads archived before scores existed,
 * or scored under other rules. Works down from the highest id a chunk at a time, each chunk committed
 * with how far it got, so an interrupted pass resumes. New leads are scored as they are written.
 * Returns how many leads were scored.
 */
export function scoreLeads(db: Database.Database): number {
  const meta = db.prepare<[string], string>('SELECT value FROM archive_meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO archive_meta (key, value) VALUES (?, ?)');
  if (meta.get(RULES_KEY) !== RULES) {
    db.transaction(() => {
      const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM leads').pluck().get() as number;
      if (maxId > 0) setMeta.run(UNSCORED_KEY, String(maxId));
      setMeta.run(RULES_KEY, RULES);
    }).immediate();
  }
  const rows = db.prepare<[number, number], ScoreRow>(
    `SELECT id, email_key, phone_key, first_name, last_name, company, title, action, description, is_test, do_not_contact
     FROM leads WHERE id > ? AND id <= ?`,
  );
  const update = db.prepare('UPDATE leads SET quality = ? WHERE id = ?');
  const clear = db.prepare('DELETE FROM archive_meta WHERE key = ?');
  let scored = 0;
  for (;;) {
    const to = Number(meta.get(UNSCORED_KEY) ?? 0);
    if (to <= 0) break;
    const from = Math.max(0, to - CHUNK);
    db.transaction(() => {
      for (const row of rows.all(from, to)) {
        const quality = baseQuality({
          emailKey: row.email_key,
          phoneKey: row.phone_key,
          firstName: row.first_name,
          lastName: row.last_name,
          company: row.company,
          title: row.title,
          action: row.action,
          description: row.description,
          isTest: row.is_test === 1,
          doNotContact: row.do_not_contact === 1,
        });
        update.run(quality, row.id);
        scored++;
      }
      if (from > 0) setMeta.run(UNSCORED_KEY, String(from));
      else clear.run(UNSCORED_KEY);
    }).immediate();
  }
  return scored;
}
