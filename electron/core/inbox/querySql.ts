import type { SqlValue } from '../store/leadColumns';
import { dateRange, type Clock, type LeadQuery, type SortColumn } from './query';

/** A WHERE clause over `leads l LEFT JOIN lead_triage t`, with its positional parameters. */
export interface SqlFilter {
  readonly where: string;
  readonly params: SqlValue[];
}

/** The facet dimensions; each can be left out of a filter so its own counts show every choice. */
export type FacetDimension = 'offer' | 'action' | 'source' | 'country' | 'status' | 'test' | 'doNotContact';

const SORT_SQL: Record<SortColumn, string> = {
  receivedAt: 'l.received_at',
  firstName: 'l.first_name',
  lastName: 'l.last_name',
  email: 'l.email',
  phone: 'l.phone',
  company: 'l.company',
  title: 'l.title',
  country: 'l.country',
  source: 'l.source',
  action: 'l.action',
  offer: 'l.offer',
  offerName: 'l.offer_name',
  status: "coalesce(t.status, 'new')",
};

/**
 * Turns what the user typed into an FTS5 expression: every word must start a word somewhere in the lead.
 * Each word is quoted, so FTS5 operators and punctuation in the input are plain text, never syntax.
 */
export function ftsExpression(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((word) => word.replace(/"/g, '').trim())
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

function inList(column: string, values: readonly string[], params: SqlValue[]): string {
  params.push(JSON.stringify(values));
  return `${column} IN (SELECT value FROM json_each(?))`;
}

/** The WHERE clause for a query; `except` leaves one facet dimension unfiltered. */
export function filterSql(query: LeadQuery, clock: Clock, except?: FacetDimension): SqlFilter {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (query.test !== 'all' && except !== 'test') {
    clauses.push('l.is_test = ?');
    params.push(query.test === 'test' ? 1 : 0);
  }
  const { from, to } = dateRange(query.date, clock);
  if (from) {
    clauses.push('l.received_at >= ?');
    params.push(from);
  }
  if (to) {
    clauses.push('l.received_at < ?');
    params.push(to);
  }
  if (query.doNotContact !== 'any' && except !== 'doNotContact') {
    clauses.push('l.do_not_contact = ?');
    params.push(query.doNotContact === 'only' ? 1 : 0);
  }
  if (query.offers.length && except !== 'offer') clauses.push(inList('l.offer', query.offers, params));
  if (query.actions.length && except !== 'action') clauses.push(inList('l.action', query.actions, params));
  if (query.sources.length && except !== 'source') clauses.push(inList('l.source', query.sources, params));
  if (query.countries.length && except !== 'country') clauses.push(inList('l.country', query.countries, params));
  if (query.statuses.length && except !== 'status') clauses.push(inList("coalesce(t.status, 'new')", query.statuses, params));
  if (query.hasEmail !== undefined) clauses.push(query.hasEmail ? "l.email != ''" : "l.email = ''");
  if (query.hasPhone !== undefined) clauses.push(query.hasPhone ? "l.phone != ''" : "l.phone = ''");
  if (query.unreadOnly) clauses.push('coalesce(t.read, 0) = 0');
  if (query.duplicatesOnly) clauses.push("l.duplicate_key != '' AND l.duplicate_key IN (SELECT duplicate_key FROM duplicate_groups)");
  if (query.destinationId !== undefined) {
    clauses.push('l.destination_id = ?');
    params.push(query.destinationId);
  }
  const match = ftsExpression(query.text);
  if (match) {
    clauses.push('l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)');
    params.push(match);
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** True when the filter reads triage, so the join is needed. */
export function needsTriage(query: LeadQuery, except?: FacetDimension): boolean {
  return (query.statuses.length > 0 && except !== 'status') || query.unreadOnly || query.sort.column === 'status';
}

export function orderBySql(query: LeadQuery): string {
  const direction = query.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const column = SORT_SQL[query.sort.column];
  // Received time breaks ties (newest first), then id, so paging is stable.
  return query.sort.column === 'receivedAt'
    ? `${column} ${direction}, l.id ${direction}`
    : `${column} COLLATE NOCASE ${direction}, l.received_at DESC, l.id DESC`;
}

/** `FROM leads l` with the triage join only when something reads it. */
export function fromSql(withTriage: boolean): string {
  return withTriage ? 'FROM leads l LEFT JOIN lead_triage t ON t.lead_id = l.id' : 'FROM leads l';
}
