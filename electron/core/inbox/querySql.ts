import type { Archive } from '../store';
import type { SqlValue } from '../store/leadColumns';
import { HOT_SCORE } from '../leads/quality';
import { QUALITY_SQL } from './quality';
import { dateRange, type Clock, type LeadQuery, type SortColumn } from './query';

/** A WHERE clause over `leads l LEFT JOIN lead_triage t`, with its positional parameters. */
export interface SqlFilter {
  readonly where: string;
  readonly params: SqlValue[];
}

/** The facet dimensions; each can be left out of a filter so its own counts show every choice. */
export type FacetDimension = 'offer' | 'action' | 'source' | 'country' | 'status' | 'test' | 'doNotContact';

/** What a filter can leave out: a facet dimension, or the read flag (for the triage-driven counts). */
export type Omitted = FacetDimension | 'read';

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
  quality: QUALITY_SQL,
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

/** The WHERE clause for a query; `except` leaves filters out (a facet's own, or the triage ones). */
export function filterSql(query: LeadQuery, clock: Clock, except?: Omitted | readonly Omitted[]): SqlFilter {
  const omitted = new Set(typeof except === 'string' ? [except] : except ?? []);
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  // Flags are written as literals, not parameters: SQLite's statistics then know that test leads are
  // rare and real ones are nearly all, and pick a sort index over a full sort. They come from code, never input.
  if (query.test !== 'all' && !omitted.has('test')) clauses.push(`l.is_test = ${query.test === 'test' ? 1 : 0}`);
  const { from, to } = dateRange(query.date, clock);
  if (from) {
    clauses.push('l.received_at >= ?');
    params.push(from);
  }
  if (to) {
    clauses.push('l.received_at < ?');
    params.push(to);
  }
  if (query.doNotContact !== 'any' && !omitted.has('doNotContact')) clauses.push(`l.do_not_contact = ${query.doNotContact === 'only' ? 1 : 0}`);
  if (query.offers.length && !omitted.has('offer')) clauses.push(inList('l.offer', query.offers, params));
  if (query.actions.length && !omitted.has('action')) clauses.push(inList('l.action', query.actions, params));
  if (query.sources.length && !omitted.has('source')) clauses.push(inList('l.source', query.sources, params));
  if (query.countries.length && !omitted.has('country')) clauses.push(inList('l.country', query.countries, params));
  if (query.statuses.length && !omitted.has('status')) {
    // Driven by the small triage table: a lead without a triage row is "new".
    params.push(JSON.stringify(query.statuses));
    clauses.push(
      query.statuses.includes('new')
        ? 'l.id NOT IN (SELECT lead_id FROM lead_triage WHERE status NOT IN (SELECT value FROM json_each(?)))'
        : 'l.id IN (SELECT lead_id FROM lead_triage WHERE status IN (SELECT value FROM json_each(?)))',
    );
  }
  if (query.hasEmail !== undefined) clauses.push(query.hasEmail ? "l.email != ''" : "l.email = ''");
  if (query.hasPhone !== undefined) clauses.push(query.hasPhone ? "l.phone != ''" : "l.phone = ''");
  if (query.hot) clauses.push(`${QUALITY_SQL} >= ${HOT_SCORE}`);
  if (query.unreadOnly && !omitted.has('read')) clauses.push('l.id NOT IN (SELECT lead_id FROM lead_triage WHERE read = 1)');
  if (query.arrivedAfterId !== undefined) {
    clauses.push('l.id > ?');
    params.push(query.arrivedAfterId);
  }
  if (query.duplicatesOnly) {
    clauses.push("l.id IN (SELECT d.id FROM duplicate_groups g JOIN leads d ON d.duplicate_key = g.duplicate_key WHERE d.duplicate_key != '')");
  }
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

/**
 * The expressions a query sorts by, ending with the lead id so the order is total. Ties are broken by
 * received time, newest first when sorting A to Z and oldest first when sorting Z to A: one index in each
 * column's order then serves both directions, read forwards or backwards.
 */
function sortTerms(query: LeadQuery): { sql: string; descending: boolean }[] {
  const descending = query.sort.direction !== 'asc';
  const column = SORT_SQL[query.sort.column];
  if (query.sort.column === 'receivedAt') return [{ sql: column, descending }, { sql: 'l.id', descending }];
  // Scores are numbers: best first reads newest first among equals, as the received-time order does.
  if (query.sort.column === 'quality') return [{ sql: column, descending }, { sql: 'l.received_at', descending }, { sql: 'l.id', descending }];
  return [{ sql: `${column} COLLATE NOCASE`, descending }, { sql: 'l.received_at', descending: !descending }, { sql: 'l.id', descending: !descending }];
}

export function orderBySql(query: LeadQuery): string {
  return sortTerms(query).map((term) => `${term.sql} ${term.descending ? 'DESC' : 'ASC'}`).join(', ');
}

/** The select list of a row's sort key, for `fromKeySql`. */
export function sortKeySql(query: LeadQuery): string {
  return sortTerms(query).map((term) => term.sql).join(', ');
}

/**
 * A condition true for the leads that sort at or after the one whose sort key is given (one value per
 * term of `sortKeySql`, bound with `fromKeyParams`): splits a query's order into ranges that never overlap.
 */
export function fromKeySql(query: LeadQuery): string {
  const terms = sortTerms(query);
  const last = terms[terms.length - 1]!;
  let sql = `${last.sql} ${last.descending ? '<=' : '>='} ?`;
  for (const term of terms.slice(0, -1).reverse()) sql = `(${term.sql} ${term.descending ? '<' : '>'} ? OR (${term.sql} = ? AND ${sql}))`;
  // The first term's bound alone lets SQLite seek the sort index to the key instead of walking up to it.
  const first = terms[0]!;
  return `(${first.sql} ${first.descending ? '<=' : '>='} ? AND ${sql})`;
}

export function fromKeyParams(key: readonly unknown[]): unknown[] {
  return [key[0], ...key.slice(0, -1).flatMap((value) => [value, value]), key[key.length - 1]];
}

/** `FROM leads l` with its triage (rows show status and read), and optionally the index to walk. */
export function fromSql(index?: string): string {
  return `FROM ${index ? `leads l INDEXED BY ${index}` : 'leads l'} LEFT JOIN lead_triage t ON t.lead_id = l.id`;
}

/**
 * Which index to walk for a window of rows. When at least 1 lead in 100 matches, walking the sort order
 * and filtering as it goes finds a page after a few thousand rows, while filtering first would sort every
 * match: SQLite cannot see that from a query's parameters, so it is told. Sparse matches are left to its
 * planner, which then filters first and sorts the few.
 */
export function orderIndexFor(archive: Archive, query: LeadQuery, matching: number, archived: number): string | undefined {
  return matching * 100 >= archived ? sortIndexOf(archive, query) : undefined;
}

/**
 * The index that holds leads in this query's sort order, if it has one and it is built: only received
 * time does. The other columns' orders are kept by the lead index in memory (leadIndex.ts); an index per
 * column made every first sync build five more.
 */
export function sortIndexOf(archive: Archive, query: LeadQuery): string | undefined {
  return archive.indexesDeferred || query.sort.column !== 'receivedAt' ? undefined : 'leads_received';
}
