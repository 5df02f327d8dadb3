import { actionLabel, sourceLabel } from '../leads';
import type { Archive } from '../store';
import type { SqlValue } from '../store/leadColumns';
import { indexFor, indexedFacetCounts, matchingIds } from './indexedSearch';
import { prepareForQueries } from './maintenance';
import { parseLeadQuery, systemClock, type Clock, type LeadQuery } from './query';
import { filterSql, ftsExpression, type FacetDimension, type Omitted } from './querySql';
import { prepared } from './statements';

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

type GroupedDimension = Exclude<FacetDimension, 'status'>;
const GROUPED: readonly GroupedDimension[] = ['offer', 'action', 'source', 'country', 'test', 'doNotContact'];
const LEAD_COLUMN: Record<GroupedDimension, string> = { offer: 'offer', action: 'action', source: 'source', country: 'country', test: 'is_test', doNotContact: 'do_not_contact' };

/** True when the query only filters on what lead_stats counts (plus triage, which is corrected for). */
function countable(query: LeadQuery): boolean {
  const openDates = query.date.preset === 'all' || (query.date.preset === 'custom' && !query.date.from && !query.date.to);
  return openDates && !query.duplicatesOnly && !query.hot && query.arrivedAfterId === undefined && ftsExpression(query.text) === null;
}

function statsFilter(query: LeadQuery, omit: ReadonlySet<Omitted>): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const equals = (column: string, value: SqlValue) => {
    clauses.push(`s.${column} = ?`);
    params.push(value);
  };
  const inList = (column: string, values: readonly string[]) => {
    clauses.push(`s.${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  if (query.test !== 'all' && !omit.has('test')) equals('is_test', query.test === 'test' ? 1 : 0);
  if (query.doNotContact !== 'any' && !omit.has('doNotContact')) equals('do_not_contact', query.doNotContact === 'only' ? 1 : 0);
  if (query.offers.length && !omit.has('offer')) inList('offer', query.offers);
  if (query.actions.length && !omit.has('action')) inList('action', query.actions);
  if (query.sources.length && !omit.has('source')) inList('source', query.sources);
  if (query.countries.length && !omit.has('country')) inList('country', query.countries);
  if (query.hasEmail !== undefined) equals('has_email', query.hasEmail ? 1 : 0);
  if (query.hasPhone !== undefined) equals('has_phone', query.hasPhone ? 1 : 0);
  if (query.destinationId !== undefined) equals('destination_id', query.destinationId);
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/**
 * The triage filters as a predicate on a triage row `t`. Leads without a triage row are new and unread,
 * so they pass exactly when `passesByDefault`; only leads with a triage row need looking at one by one.
 */
function triagePredicate(query: LeadQuery, omit: ReadonlySet<Omitted>): { sql: string; params: SqlValue[]; passesByDefault: boolean } | null {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const statuses = omit.has('status') ? [] : query.statuses;
  if (statuses.length) {
    clauses.push('t.status IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(statuses));
  }
  if (query.unreadOnly && !omit.has('read')) clauses.push('t.read = 0');
  if (clauses.length === 0) return null;
  return { sql: clauses.join(' AND '), params, passesByDefault: statuses.length === 0 || statuses.includes('new') };
}

/** Counts per value of `column` (or in all, when null): from lead_stats, corrected by the triaged leads. */
function countedByStats(archive: Archive, query: LeadQuery, clock: Clock, omitted: readonly Omitted[], column: GroupedDimension | null): Map<string, number> {
  const omit = new Set(omitted);
  const stats = statsFilter(query, omit);
  const statsColumn = column ? `s.${LEAD_COLUMN[column]}` : "''";
  const counts = new Map<string, number>();
  const rows = prepared<{ v: unknown; n: number }>(archive, `SELECT ${statsColumn} AS v, sum(s.n) AS n FROM lead_stats s WHERE ${stats.where} GROUP BY 1`).all(...stats.params);
  const triage = triagePredicate(query, omit);
  if (triage) {
    const leadsFilter = filterSql(query, clock, [...omitted, 'status', 'read']);
    const leadColumn = column ? `l.${LEAD_COLUMN[column]}` : "''";
    const predicate = triage.passesByDefault ? `NOT (${triage.sql})` : triage.sql;
    // CROSS JOIN keeps SQLite walking the few triage rows rather than every lead.
    const triaged = prepared<{ v: unknown; n: number }>(
      archive,
      `SELECT ${leadColumn} AS v, count(*) AS n FROM lead_triage t CROSS JOIN leads l ON l.id = t.lead_id WHERE ${leadsFilter.where} AND ${predicate} GROUP BY 1`,
    ).all(...leadsFilter.params, ...triage.params);
    if (!triage.passesByDefault) return new Map(triaged.map((r) => [String(r.v), r.n]));
    for (const row of rows) counts.set(String(row.v), row.n);
    for (const row of triaged) counts.set(String(row.v), (counts.get(String(row.v)) ?? 0) - row.n);
    for (const [value, n] of counts) if (n <= 0) counts.delete(value);
    return counts;
  }
  for (const row of rows) if (row.n > 0) counts.set(String(row.v), row.n);
  return counts;
}

/**
 * Counting the leads a search (or the duplicates filter) matched probes each matched id; the narrow
 * id-keyed index answers those probes from a fraction of the pages the wide rows take. SQLite does not
 * pick it by itself, so it is named, but only when the filters read nothing else.
 */
function countingSource(archive: Archive, query: LeadQuery): string {
  const probesIds = ftsExpression(query.text) !== null || query.duplicatesOnly;
  const narrowEnough = query.hasEmail === undefined && query.hasPhone === undefined && query.destinationId === undefined && !query.hot;
  return probesIds && narrowEnough && !archive.indexesDeferred ? 'FROM leads l INDEXED BY leads_filters_by_id' : 'FROM leads l';
}

/** How many leads a query selects. */
export function countLeads(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): number {
  const query = parseLeadQuery(input);
  prepareForQueries(archive);
  return archive.readSnapshot(() => countMatching(archive, query, clock));
}

/** countLeads on the caller's snapshot, its derived data already brought up to date (prepareForQueries). */
export function countMatching(archive: Archive, query: LeadQuery, clock: Clock): number {
  const index = indexFor(archive, query);
  if (index) return matchingIds(index, query, clock).length;
  if (countable(query) && !archive.statsDeferred) return countedByStats(archive, query, clock, [], null).get('') ?? 0;
  const { where, params } = filterSql(query, clock);
  return prepared<{ n: number }>(archive, `SELECT count(*) AS n ${countingSource(archive, query)} WHERE ${where}`).get(...params)!.n;
}

function labelFor(dimension: FacetDimension, value: string): string {
  switch (dimension) {
    case 'action':
      return actionLabel(value);
    case 'source':
      return sourceLabel(value);
    case 'test':
      return value === '1' ? 'Test leads' : 'Real leads';
    case 'doNotContact':
      return value === '1' ? 'Do not contact' : 'May contact';
    case 'status':
      return value[0]!.toUpperCase() + value.slice(1);
    default:
      return value || '(none)';
  }
}

function isFiltered(query: LeadQuery, dimension: GroupedDimension): boolean {
  switch (dimension) {
    case 'offer':
      return query.offers.length > 0;
    case 'action':
      return query.actions.length > 0;
    case 'source':
      return query.sources.length > 0;
    case 'country':
      return query.countries.length > 0;
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

/** Statuses with leads: new first (the inbox's own), then the others A to Z. */
function statusFacet(counts: Map<string, number>): FacetValue[] {
  const order = (value: string) => (value === 'new' ? '' : value);
  return [...counts]
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => order(a).localeCompare(order(b)))
    .map(([value, count]) => ({ value, label: labelFor('status', value), count }));
}

/** One grouped pass over the matching leads for every dimension whose own filter is off. */
function countedByScan(archive: Archive, query: LeadQuery, clock: Clock): Partial<Record<GroupedDimension, Map<string, number>>> {
  const result: Partial<Record<GroupedDimension, Map<string, number>>> = {};
  const together = GROUPED.filter((d) => !isFiltered(query, d));
  if (together.length > 0) {
    const { where, params } = filterSql(query, clock);
    const columns = together.map((d) => `l.${LEAD_COLUMN[d]}`);
    const rows = prepared(archive, `SELECT ${columns.join(', ')}, count(*) AS n ${countingSource(archive, query)} WHERE ${where} GROUP BY ${columns.join(', ')}`)
      .raw()
      .all(...params) as unknown as unknown[][];
    together.forEach((dimension, i) => {
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(String(row[i]), (counts.get(String(row[i])) ?? 0) + (row[columns.length] as number));
      result[dimension] = counts;
    });
  }
  for (const dimension of GROUPED.filter((d) => isFiltered(query, d))) {
    const { where, params } = filterSql(query, clock, dimension);
    const rows = prepared<{ v: unknown; n: number }>(archive, `SELECT l.${LEAD_COLUMN[dimension]} AS v, count(*) AS n ${countingSource(archive, query)} WHERE ${where} GROUP BY 1`).all(...params);
    result[dimension] = new Map(rows.map((r) => [String(r.v), r.n]));
  }
  return result;
}

/**
 * Counts per offer, action, source, country, status, test/real and do-not-contact for a query. A filtered
 * dimension counts as if its own filter were off, so every choice shows what picking it would give.
 */
export function facetCounts(archive: Archive, input: LeadQuery | unknown, clock: Clock = systemClock()): Facets {
  const query = parseLeadQuery(input);
  prepareForQueries(archive);
  return archive.readSnapshot(() => facetsOnSnapshot(archive, query, clock));
}

function facetsOnSnapshot(archive: Archive, query: LeadQuery, clock: Clock): Facets {
  const index = indexFor(archive, query);
  if (index) {
    const counted = indexedFacetCounts(index, query, clock);
    const facets = {} as Record<FacetDimension, FacetValue[]>;
    for (const dimension of GROUPED) facets[dimension] = sorted(counted[dimension], dimension);
    facets.status = statusFacet(counted.status);
    return facets as unknown as Facets;
  }
  const byStats = countable(query) && !archive.statsDeferred;
  const scanned = byStats ? {} : countedByScan(archive, query, clock);
  const result = {} as Record<FacetDimension, FacetValue[]>;
  for (const dimension of GROUPED) {
    const counts = byStats ? countedByStats(archive, query, clock, [dimension], dimension) : scanned[dimension]!;
    result[dimension] = sorted(counts, dimension);
  }
  // Few leads have triage rows, so statuses are counted from those and "new" is the rest.
  const total = countMatching(archive, { ...query, statuses: [] }, clock);
  const { where, params } = filterSql(query, clock, 'status');
  const triaged = prepared<{ status: string; n: number }>(
    archive,
    `SELECT t.status, count(*) AS n FROM lead_triage t CROSS JOIN leads l ON l.id = t.lead_id WHERE ${where} AND t.status != 'new' GROUP BY t.status`,
  ).all(...params);
  const statusCounts = new Map<string, number>([['new', total - triaged.reduce((sum, r) => sum + r.n, 0)]]);
  for (const row of triaged) statusCounts.set(row.status, row.n);
  result.status = statusFacet(statusCounts);
  return result as unknown as Facets;
}
