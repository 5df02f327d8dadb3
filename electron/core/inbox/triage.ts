import * as z from 'zod';
import type { Archive } from '../store';
import { TRIAGE_STATUSES } from '../store/triageStatuses';
import { leadIds } from './leadQueries';
import { systemClock, type Clock, type LeadQuery } from './query';

export const triagePatchSchema = z
  .object({
    status: z.enum(TRIAGE_STATUSES).optional(),
    notes: z.string().max(100_000).optional(),
    read: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => patch.status !== undefined || patch.notes !== undefined || patch.read !== undefined, 'nothing to change');
export type TriagePatch = z.infer<typeof triagePatchSchema>;

const MAX_IDS = 2_000_000;

/**
 * Sets status, notes or read on many leads in one transaction; fields left out keep each lead's value.
 * Only local triage rows change: the synced lead data is never touched. Returns how many leads changed.
 */
export function setTriage(archive: Archive, ids: readonly number[], input: TriagePatch): number {
  const patch = triagePatchSchema.parse(input);
  if (ids.length > MAX_IDS) throw new RangeError(`At most ${MAX_IDS} leads at once.`);
  const statement = archive.db.prepare(
    `INSERT INTO lead_triage (lead_id, status, notes, read, updated_at)
     SELECT l.id, coalesce(@status, t.status, 'new'), coalesce(@notes, t.notes, ''), coalesce(@read, t.read, 0), @now
     FROM leads l LEFT JOIN lead_triage t ON t.lead_id = l.id
     WHERE l.id IN (SELECT value FROM json_each(@ids))
     ON CONFLICT (lead_id) DO UPDATE SET status = excluded.status, notes = excluded.notes, read = excluded.read,
       updated_at = excluded.updated_at`,
  );
  return archive.transaction(() => {
    const changed = statement.run({
      ids: JSON.stringify(ids),
      status: patch.status ?? null,
      notes: patch.notes ?? null,
      read: patch.read === undefined ? null : patch.read ? 1 : 0,
      now: new Date().toISOString(),
    }).changes;
    if (changed > 0) archive.notifyChange({ kind: 'triage', ids });
    return changed;
  });
}

/** The same, for every lead a query selects (the "mark all as contacted" of the current view). */
export function setTriageByQuery(archive: Archive, query: LeadQuery | unknown, patch: TriagePatch, clock: Clock = systemClock()): number {
  return setTriage(archive, leadIds(archive, query, clock), patch);
}
