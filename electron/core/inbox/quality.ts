import { QUALIFIED_DUPLICATE_POINTS } from '../leads/quality';
import type { Archive } from '../store';
import { prepared } from './statements';

/**
 * True for a lead `l` in the duplicate group of another lead marked qualified: the part of the quality
 * score that follows triage, so it is worked out when asked rather than stored. Asked per lead, it is a
 * look-up of the lead's group in the duplicate-key index (a group is a handful of leads).
 */
const QUALIFIED_DUPLICATE_SQL = `(l.duplicate_key != '' AND EXISTS (SELECT 1 FROM leads d JOIN lead_triage q ON q.lead_id = d.id
  WHERE d.duplicate_key = l.duplicate_key AND d.duplicate_key != '' AND d.id != l.id AND q.status = 'qualified'))`;

/** A lead's shown quality score in SQL, over `leads l`: qualityScore (leads/quality.ts) of its stored base. */
export const QUALITY_SQL = `min(100, coalesce(l.quality, 0) + CASE WHEN l.quality > 0 AND ${QUALIFIED_DUPLICATE_SQL} THEN ${QUALIFIED_DUPLICATE_POINTS} ELSE 0 END)`;

/**
 * Every lead a qualified duplicate lifts, at once, for the lead index: from the few qualified leads out
 * to their groups, rather than asking of every lead.
 */
export function qualifiedDuplicateIds(archive: Archive): number[] {
  return prepared<number>(
    archive,
    `SELECT d.id FROM lead_triage q JOIN leads k ON k.id = q.lead_id JOIN leads d ON d.duplicate_key = k.duplicate_key
     WHERE q.status = 'qualified' AND k.duplicate_key != '' AND d.duplicate_key != '' AND d.id != k.id`,
  )
    .pluck()
    .all() as number[];
}

export function isQualifiedDuplicate(archive: Archive, id: number): boolean {
  return prepared(archive, `SELECT ${QUALIFIED_DUPLICATE_SQL} AS lifted FROM leads l WHERE l.id = ?`).get(id)?.lifted === 1;
}
