import { QUALIFIED_DUPLICATE_POINTS } from '../leads/quality';
import type { Archive } from '../store';
import { prepared } from './statements';

/**
 * Leads in the duplicate group of another lead marked qualified: the part of the quality score that
 * follows triage, so it is worked out when asked rather than stored. Qualified leads are few; each is
 * one look-up in the duplicate-key index.
 */
const QUALIFIED_DUPLICATES_SQL = `SELECT d.id FROM lead_triage q JOIN leads k ON k.id = q.lead_id JOIN leads d ON d.duplicate_key = k.duplicate_key
  WHERE q.status = 'qualified' AND k.duplicate_key != '' AND d.duplicate_key != '' AND d.id != k.id`;

/** A lead's shown quality score in SQL, over `leads l`: qualityScore (leads/quality.ts) of its stored base. */
export const QUALITY_SQL = `min(100, coalesce(l.quality, 0) + CASE WHEN l.quality > 0 AND l.id IN (${QUALIFIED_DUPLICATES_SQL}) THEN ${QUALIFIED_DUPLICATE_POINTS} ELSE 0 END)`;

export function qualifiedDuplicateIds(archive: Archive): number[] {
  return prepared<number>(archive, QUALIFIED_DUPLICATES_SQL).pluck().all() as number[];
}

export function isQualifiedDuplicate(archive: Archive, id: number): boolean {
  return prepared(archive, `SELECT 1 WHERE ? IN (${QUALIFIED_DUPLICATES_SQL})`).get(id) !== undefined;
}
