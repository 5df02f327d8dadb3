import type { Statement } from 'better-sqlite3';
import { describeAction, describeSource } from '../leads';
import type { Archive, ArchivedLead, TriageStatus } from '../store';
import { duplicateReason, refreshDuplicateGroups, type DuplicateReason } from './duplicates';
import { parseLeadQuery, systemClock, type Clock, type LeadQuery } from './query';
import { filterSql, fromSql, needsTriage, orderBySql, type FacetDimension } from './querySql';

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
  coalesce((SELECT size FROM duplicate_groups g WHERE g.duplicate_key = l.duplicate_key), 1) AS duplicates`;

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
  };
}

function prepared<T = Record<string, unknown>>(archive: Archive, sql: string) {
  // better-sqlite3 caches nothing itself; a query repeats as the user scrolls, so keep its statement.
  const cache = statementCache(archive);
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = archive.db.prepare(sql)));
  return statement as Statement<unknown[], T>;
}

const caches = new WeakMap<Archive, Map<string, Statement>>();
function statementCache(archive: Archive) {
  let cache = caches.get(archive);
  if (!cache) caches.set(archive, (cache = new Map()));
  if (cache.size > 500) cache.clear();
  return cache;
}

export function countLeads(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): number {
  const query = parseLeadQuery(input);
  refreshDuplicateGroups(archive);
  const { where, params } = filterSql(query, clock);
  return prepared<{ n: number }>(archive, `SELECT count(*) AS n ${fromSql(needsTriage(query))} WHERE ${where}`).get(...params)!.n;
}

/** A window of the leads a query selects, in its sort order, with the total for the scroll bar. */
export function queryLeads(archive: Archive, input: LeadQuery | unknown, window: LeadWindow = {}, clock: Clock = systemClock()): LeadPage {
  const query = parseLeadQuery(input);
  const offset = Math.max(0, Math.floor(window.offset ?? 0));
  const limit = Math.min(5000, Math.max(0, Math.floor(window.limit ?? 100)));
  refreshDuplicateGroups(archive);
  const { where, params } = filterSql(query, clock);
  const rows = prepared(archive, `SELECT ${ROW_SQL} ${fromSql(true)} WHERE ${where} ORDER BY ${orderBySql(query)} LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
    .map(toRow);
  return { rows, total: countLeads(archive, query, clock), offset };
}

/** Ids of every lead a query selects (for bulk triage), in its sort order. */
export function leadIds(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): number[] {
  const query = parseLeadQuery(input);
  refreshDuplicateGroups(archive);
  const { where, params } = filterSql(query, clock);
  return prepared<{ id: number }>(archive, `SELECT l.id ${fromSql(true)} WHERE ${where} ORDER BY ${orderBySql(query)}`)
    .all(...params)
    .map((r) => r.id);
}

export interface FacetValue {
  readonly value: string;
  readonly label: string;
  readonly count: number;
}

export interface Facets {
  readonly offer: FacetValue[];
  readonly action: FacetValue[];
  readonly source: FacetValue[];
  readonly country: FacetValue[];
  readonly status: FacetValue[];
  readonly test: FacetValue[];
  readonly doNotContact: FacetValue[];
}

const GROUPED_DIMENSIONS = { offer: 'l.offer', action: 'l.action', source: 'l.source', country: 'l.country', test: 'l.is_test', doNotContact: 'l.do_not_contact' } as const;

function labelFor(dimension: FacetDimension, value: string): string {
  switch (dimension) {
    case 'action':
      return describeAction(value)?.info.label ?? (value || '(none)');
    case 'source':
      return describeSource(value)?.info.label ?? (value || '(none)');
    case 'test':
      return value === '1' ? 'Test leads' : 'Real leads';
    case 'doNotContact':
      return value === '1' ? 'Do not contact' : 'May contact';
    default:
      return value || '(none)';
  }
}

function isFiltered(query: LeadQuery, dimension: FacetDimension): boolean {
  switch (dimension) {
    case 'offer':
      return query.offers.length > 0;
    case 'action':
      return query.actions.length > 0;
    case 'source':
      return query.sources.length > 0;
    case 'country':
      return query.countries.length > 0;
    case 'status':
      return query.statuses.length > 0;
    case 'test':
      return query.test !== 'all';
    case 'doNotContact':
      return query.doNotContact !== 'any';
  }
}

function sorted(counts: Map<string, number>, dimension: FacetDimension): FacetValue[] {
  return [...counts]
    .map(([value, count]) => ({ value, label: labelFor(dimension, value), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/**
 * Counts per offer, action, source, country, status, test/real and do-not-contact for a query. A filtered
 * dimension counts as if its own filter were off, so every choice shows what picking it would give. The
 * unfiltered dimensions come from one grouped pass over the inbox index.
 */
export function facetCounts(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): Facets {
  const query = parseLeadQuery(input);
  refreshDuplicateGroups(archive);
  const result = {} as Record<FacetDimension, FacetValue[]>;
  const dimensions = Object.keys(GROUPED_DIMENSIONS) as (keyof typeof GROUPED_DIMENSIONS)[];
  const together = dimensions.filter((d) => !isFiltered(query, d));
  if (together.length > 0) {
    const { where, params } = filterSql(query, clock);
    const columns = together.map((d) => GROUPED_DIMENSIONS[d]);
    const rows = prepared(archive, `SELECT ${columns.join(', ')}, count(*) AS n ${fromSql(needsTriage(query))} WHERE ${where} GROUP BY ${columns.join(', ')}`)
      .raw()
      .all(...params) as unknown as unknown[][];
    together.forEach((dimension, i) => {
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(String(row[i]), (counts.get(String(row[i])) ?? 0) + (row[columns.length] as number));
      result[dimension] = sorted(counts, dimension);
    });
  }
  for (const dimension of dimensions.filter((d) => isFiltered(query, d))) {
    const { where, params } = filterSql(query, clock, dimension);
    const column = GROUPED_DIMENSIONS[dimension];
    const rows = prepared<{ v: unknown; n: number }>(archive, `SELECT ${column} AS v, count(*) AS n ${fromSql(needsTriage(query, dimension))} WHERE ${where} GROUP BY 1`).all(...params);
    result[dimension] = sorted(new Map(rows.map((r) => [String(r.v), r.n])), dimension);
  }
  // Few leads have triage rows, so statuses are counted from those and "new" is the rest.
  const { where, params } = filterSql(query, clock, 'status');
  const total = prepared<{ n: number }>(archive, `SELECT count(*) AS n ${fromSql(needsTriage(query, 'status'))} WHERE ${where}`).get(...params)!.n;
  const triaged = prepared<{ status: string; n: number }>(
    archive,
    `SELECT t.status, count(*) AS n FROM leads l JOIN lead_triage t ON t.lead_id = l.id WHERE ${where} AND t.status != 'new' GROUP BY t.status`,
  ).all(...params);
  const statusCounts = new Map<string, number>([['new', total - triaged.reduce((sum, r) => sum + r.n, 0)]]);
  for (const row of triaged) statusCounts.set(row.status, row.n);
  result.status = [...statusCounts].filter(([, n]) => n > 0).map(([value, count]) => ({ value, label: value[0]!.toUpperCase() + value.slice(1), count }));
  return result as unknown as Facets;
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
}

/** Everything the detail pane shows for one lead. */
export function leadDetail(archive: Archive, id: number): LeadDetail | null {
  const lead = archive.getLead(id);
  if (!lead) return null;
  refreshDuplicateGroups(archive);
  const key = (archive.db.prepare('SELECT duplicate_key AS k FROM leads WHERE id = ?').get(id) as { k: string }).k;
  const reason = duplicateReason(key);
  let duplicateGroup: DuplicateGroup | null = null;
  if (reason) {
    const members = prepared(archive, `SELECT ${ROW_SQL} ${fromSql(true)} WHERE l.duplicate_key = ? ORDER BY l.received_at DESC, l.id DESC LIMIT 200`)
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
  };
}
