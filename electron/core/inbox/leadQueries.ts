import { describeAction, describeSource, explainQuality, type LeadQuality } from '../leads';
import type { Archive, ArchivedLead, TriageStatus } from '../store';
import { duplicateReason, type DuplicateReason } from './duplicates';
import { prepareForQueries } from './maintenance';
import { isQualifiedDuplicate, QUALITY_SQL } from './quality';
import { parseLeadQuery, systemClock, type Clock, type LeadQuery } from './query';
import { countMatching } from './counts';
import { idsInOrder, indexFor, matchedSet, matchingIds } from './indexedSearch';
import type { LeadIndex } from './leadIndex';
import { filterSql, fromSql, orderBySql, orderIndexFor, sortIndexOf } from './querySql';
import { prepared } from './statements';

/** One row of the inbox grid: what the list shows, without the raw entity. */
export interface LeadRow {
  readonly id: number;
  readonly receivedAt: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly company: string;
  readonly title: string;
  readonly country: string;
  readonly source: string;
  readonly action: string;
  readonly offer: string;
  readonly offerName: string;
  readonly isTest: boolean;
  readonly doNotContact: boolean;
  readonly piiWithheld: boolean;
  readonly status: TriageStatus;
  readonly read: boolean;
  readonly hasNotes: boolean;
  /** How many leads share this lead's duplicate group (1 when it has none). */
  readonly duplicates: number;
  /** The quality score shown, 0–100 (see leads/quality.ts). */
  readonly quality: number;
}

export interface LeadWindow {
  readonly offset?: number;
  readonly limit?: number;
}

export interface LeadPage {
  readonly rows: LeadRow[];
  /** Every lead the query selects, not just this window. */
  readonly total: number;
  readonly offset: number;
}

const ROW_SQL = `l.id, l.received_at, l.first_name, l.last_name, l.email, l.phone, l.company, l.title, l.country,
  l.source, l.action, l.offer, l.offer_name, l.is_test, l.do_not_contact, l.pii_withheld,
  coalesce(t.status, 'new') AS status, coalesce(t.read, 0) AS read, coalesce(t.notes, '') != '' AS has_notes,
  coalesce((SELECT size FROM duplicate_groups g WHERE g.duplicate_key = l.duplicate_key), 1) AS duplicates,
  ${QUALITY_SQL} AS quality`;

function toRow(r: Record<string, unknown>): LeadRow {
  return {
    id: r.id as number,
    receivedAt: r.received_at as string,
    firstName: r.first_name as string,
    lastName: r.last_name as string,
    email: r.email as string,
    phone: r.phone as string,
    company: r.company as string,
    title: r.title as string,
    country: r.country as string,
    source: r.source as string,
    action: r.action as string,
    offer: r.offer as string,
    offerName: r.offer_name as string,
    isTest: r.is_test === 1,
    doNotContact: r.do_not_contact === 1,
    piiWithheld: r.pii_withheld === 1,
    status: r.status as TriageStatus,
    read: r.read === 1,
    hasNotes: r.has_notes === 1,
    duplicates: r.duplicates as number,
    quality: r.quality as number,
  };
}

/** Sorting a list of ids in SQL is used up to this many; above it, without an index in the order, SQL filters and sorts. */
const MAX_SORTED_IDS = 100_000;

/** Leads (with triage) for a JSON list of ids; CROSS JOIN keeps SQLite looping over the list, not the leads. */
const FROM_IDS = 'FROM json_each(?) j CROSS JOIN leads l ON l.id = j.value LEFT JOIN lead_triage t ON t.lead_id = l.id';

function rowsByIds(archive: Archive, ids: readonly number[]): LeadRow[] {
  const rows = new Map(
    prepared(archive, `SELECT ${ROW_SQL} ${FROM_IDS}`)
      .all(JSON.stringify(ids))
      .map((r) => [r.id as number, toRow(r)]),
  );
  // A lead another process deleted a moment ago is left out rather than shown empty.
  return ids.flatMap((id) => rows.get(id) ?? []);
}

/**
 * A window over the ids the lead index matched, in the query's order, or null when only SQL's own
 * filter-and-sort is reasonable. The index's sort order answers when it is current; otherwise (leads just
 * changed, or the order is still being worked out) the received-time index is walked in SQL and each id
 * checked against the matches, or SQL sorts just them.
 */
function windowOfMatches(archive: Archive, leadIndex: LeadIndex, query: LeadQuery, matches: Int32Array, offset: number, limit: number): LeadRow[] | null {
  const end = Math.min(offset + limit, matches.length);
  if (end <= offset) return [];
  const order = leadIndex.orderOf(query.sort.column);
  if (order) return rowsByIds(archive, idsInOrder(order, query, matches, offset, end));
  const archived = leadIndex.size;
  const sortIndex = sortIndexOf(archive, query);
  // Walking reads about (end × archived / matches) index entries; sorting the matches costs several times
  // more per lead, as each is a row look-up.
  if (sortIndex && (end * archived) / matches.length < matches.length * 6) {
    const matched = matchedSet(matches, leadIndex.present.length);
    const ids: number[] = [];
    let seen = 0;
    for (const id of prepared(archive, `SELECT l.id FROM leads l INDEXED BY ${sortIndex} ORDER BY ${orderBySql(query)}`).pluck().iterate() as IterableIterator<number>) {
      if (!matched[id]) continue;
      if (seen++ >= offset) ids.push(id);
      if (seen === end) break;
    }
    return rowsByIds(archive, ids);
  }
  if (matches.length > MAX_SORTED_IDS) return null;
  return prepared(archive, `SELECT ${ROW_SQL} ${FROM_IDS} ORDER BY ${orderBySql(query)} LIMIT ? OFFSET ?`)
    .all(`[${matches.join(',')}]`, limit, offset)
    .map(toRow);
}

/** A window of the leads a query selects, in its sort order, with the total for the scroll bar. */
export function queryLeads(archive: Archive, input: LeadQuery | unknown, window: LeadWindow = {}, clock: Clock = systemClock()): LeadPage {
  const query = parseLeadQuery(input);
  const offset = Math.max(0, Math.floor(window.offset ?? 0));
  const limit = Math.min(5000, Math.max(0, Math.floor(window.limit ?? 100)));
  prepareForQueries(archive);
  return archive.readSnapshot((): LeadPage => {
    const leadIndex = indexFor(archive, query);
    if (leadIndex) {
      const matches = matchingIds(leadIndex, query, clock);
      const rows = windowOfMatches(archive, leadIndex, query, matches, offset, limit);
      if (rows) return { rows, total: matches.length, offset };
    }
    const { where, params } = filterSql(query, clock);
    const total = countMatching(archive, query, clock);
    const index = orderIndexFor(archive, query, total, countMatching(archive, parseLeadQuery({ test: 'all' }), clock));
    const rows = prepared(archive, `SELECT ${ROW_SQL} ${fromSql(index)} WHERE ${where} ORDER BY ${orderBySql(query)} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset)
      .map(toRow);
    return { rows, total, offset };
  });
}

/** Ids of every lead a query selects (for bulk triage), in its sort order. */
export function leadIds(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): number[] {
  const query = parseLeadQuery(input);
  prepareForQueries(archive);
  const { where, params } = filterSql(query, clock);
  return prepared<{ id: number }>(archive, `SELECT l.id ${fromSql()} WHERE ${where} ORDER BY ${orderBySql(query)}`)
    .all(...params)
    .map((r) => r.id);
}

export interface DuplicateGroup {
  readonly key: string;
  readonly reason: DuplicateReason;
  readonly leads: Pick<LeadRow, 'id' | 'receivedAt' | 'firstName' | 'lastName' | 'email' | 'company' | 'action' | 'offer' | 'status'>[];
}

export interface LeadDetail extends ArchivedLead {
  readonly sourceLabel: string;
  readonly sourceMeaning: string;
  readonly actionLabel: string;
  readonly actionMeaning: string;
  /** Other leads of the same person, and why they are grouped; null when the lead stands alone. */
  readonly duplicateGroup: DuplicateGroup | null;
  /** The quality score with every reason for it. */
  readonly qualityHint: LeadQuality;
}

/** Everything the detail pane shows for one lead. */
export function leadDetail(archive: Archive, id: number): LeadDetail | null {
  const lead = archive.getLead(id);
  if (!lead) return null;
  prepareForQueries(archive);
  const key = (archive.db.prepare('SELECT duplicate_key AS k FROM leads WHERE id = ?').get(id) as { k: string }).k;
  const reason = duplicateReason(key);
  let duplicateGroup: DuplicateGroup | null = null;
  if (reason) {
    // The key's own `!= ''` lets SQLite use the partial duplicate-key index rather than walk every lead.
    const members = prepared(archive, `SELECT ${ROW_SQL} ${fromSql()} WHERE l.duplicate_key = ? AND l.duplicate_key != '' ORDER BY l.received_at DESC, l.id DESC LIMIT 200`)
      .all(key)
      .map(toRow)
      .map(({ id: memberId, receivedAt, firstName, lastName, email, company, action, offer, status }) => ({ id: memberId, receivedAt, firstName, lastName, email, company, action, offer, status }));
    if (members.length > 1) duplicateGroup = { key, reason, leads: members };
  }
  const source = describeSource(lead.source);
  const action = describeAction(lead.action);
  return {
    ...lead,
    sourceLabel: source?.info.label ?? lead.source,
    sourceMeaning: source?.info.meaning ?? 'A source code the marketplace documentation does not list.',
    actionLabel: action?.info.label ?? lead.action,
    actionMeaning: action?.info.meaning ?? 'An action code the marketplace documentation does not list.',
    duplicateGroup,
    qualityHint: explainQuality(lead, isQualifiedDuplicate(archive, id)),
  };
}
