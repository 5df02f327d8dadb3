import type { Archive } from '../store';

/** A lead that just arrived, as `watch` prints it and a notification names it. */
export interface ArrivedLead {
  readonly id: number;
  readonly receivedAt: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly company: string;
  readonly offer: string;
}

/** The highest lead id in the archive: leads added later have higher ones. */
export function lastLeadId(archive: Archive): number {
  return (archive.db.prepare('SELECT coalesce(max(id), 0) FROM leads').pluck().get() as number) ?? 0;
}

/** Real (not Microsoft test) leads of a destination added to the archive after `afterId`, oldest received first. */
export function realLeadsAddedAfter(archive: Archive, destinationId: string, afterId: number): ArrivedLead[] {
  return archive.db
    .prepare(
      `SELECT id, received_at AS receivedAt, first_name AS firstName, last_name AS lastName, email, company,
         CASE WHEN offer_name != '' THEN offer_name ELSE offer END AS offer
       FROM leads WHERE id > ? AND destination_id = ? AND is_test = 0 ORDER BY received_at, id`,
    )
    .all(afterId, destinationId) as ArrivedLead[];
}

/** The received time of a destination's newest lead, and of its newest Microsoft test lead. */
export function newestLeadTimes(archive: Archive, destinationId: string): { readonly any: string | null; readonly test: string | null } {
  const newest = (isTest: string) =>
    (archive.db.prepare(`SELECT received_at FROM leads WHERE destination_id = ? AND ${isTest} ORDER BY received_at DESC LIMIT 1`).pluck().get(destinationId) as
      | string
      | undefined) ?? null;
  return { any: newest('1'), test: newest('is_test = 1') };
}
