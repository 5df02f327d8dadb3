import type { Archive } from '../store';
import { HOT_SCORE } from '../leads/quality';
import { TRIAGE_STATUSES } from '../store/triageStatuses';
import { FLAG_DO_NOT_CONTACT, FLAG_DUPLICATE, FLAG_HAS_EMAIL, FLAG_HAS_PHONE, FLAG_READ, FLAG_TEST, forwardDirection, readyLeadIndex, type Dictionary, type LeadIndex, type SortOrder } from './leadIndex';
import { dateRange, type Clock, type LeadQuery } from './query';
import { ftsExpression, type FacetDimension } from './querySql';
import { prepared } from './statements';

/** The facet dimensions in the order of their bits in a failure mask. */
const DIMENSIONS = ['offer', 'action', 'source', 'country', 'status', 'test', 'doNotContact'] as const satisfies readonly FacetDimension[];
/** A failure no facet can undo (date, search, email/phone, destination, unread, duplicates). */
const OTHER = 1 << DIMENSIONS.length;

/** The archive's lead index when it is ready and holds what this query filters on, else null (SQL answers). */
export function indexFor(archive: Archive, query: LeadQuery): LeadIndex | null {
  const index = readyLeadIndex(archive);
  return index?.answers(query) ? index : null;
}

function allowedCodes(dictionary: Dictionary, values: readonly string[]): Uint8Array | null {
  if (values.length === 0) return null;
  const allowed = new Uint8Array(dictionary.values.length);
  for (const value of values) {
    const code = dictionary.find(value);
    if (code >= 0) allowed[code] = 1;
  }
  return allowed;
}

/** -1 when a flag is not filtered, else the value (0 or the flag's bit) a lead must have. */
function wantedFlag(flag: number, wanted: boolean | undefined): number {
  return wanted === undefined ? -1 : wanted ? flag : 0;
}

/**
 * A query as a function of a lead id: 0 when the lead matches, else a bit per facet dimension whose
 * filter it fails, or OTHER. Facets count a dimension over the leads that fail nothing but it.
 */
/** A query's filters in the lead index's terms: epoch bounds, allowed codes per dimension, wanted flag values. */
function filterCodes(index: LeadIndex, query: LeadQuery, clock: Clock) {
  const { from, to } = dateRange(query.date, clock);
  const { dictionaries } = index;
  return {
    fromMs: from === null ? -Infinity : Date.parse(from),
    toMs: to === null ? Infinity : Date.parse(to),
    offers: allowedCodes(dictionaries.offer, query.offers),
    actions: allowedCodes(dictionaries.action, query.actions),
    sources: allowedCodes(dictionaries.source, query.sources),
    countries: allowedCodes(dictionaries.country, query.countries),
    statuses: query.statuses.length ? Uint8Array.from(TRIAGE_STATUSES, (s) => (query.statuses.includes(s) ? 1 : 0)) : null,
    test: query.test === 'all' ? -1 : wantedFlag(FLAG_TEST, query.test === 'test'),
    doNotContact: query.doNotContact === 'any' ? -1 : wantedFlag(FLAG_DO_NOT_CONTACT, query.doNotContact === 'only'),
    email: wantedFlag(FLAG_HAS_EMAIL, query.hasEmail),
    phone: wantedFlag(FLAG_HAS_PHONE, query.hasPhone),
    /** -2: any destination; -1: one no lead has. */
    destinationCode: query.destinationId === undefined ? -2 : dictionaries.destination.find(query.destinationId),
    afterId: query.arrivedAfterId ?? 0,
  };
}

function failureMask(index: LeadIndex, query: LeadQuery, clock: Clock): (id: number) => number {
  const { fromMs, toMs, offers, actions, sources, countries, statuses, test, doNotContact, email, phone, destinationCode, afterId } = filterCodes(index, query, clock);
  const { received, flags, offer, action, source, country, status, destination } = index;
  const unread = query.unreadOnly;
  const duplicates = query.duplicatesOnly;
  const hot = query.hot;
  return (id) => {
    if (id <= afterId) return OTHER;
    const f = flags[id]!;
    const at = received[id]!;
    if (at < fromMs || at >= toMs) return OTHER;
    if (email >= 0 && (f & FLAG_HAS_EMAIL) !== email) return OTHER;
    if (phone >= 0 && (f & FLAG_HAS_PHONE) !== phone) return OTHER;
    if (unread && f & FLAG_READ) return OTHER;
    if (duplicates && !(f & FLAG_DUPLICATE)) return OTHER;
    if (destinationCode !== -2 && destination[id] !== destinationCode) return OTHER;
    if (hot && index.score(id) < HOT_SCORE) return OTHER;
    let mask = 0;
    if (offers && !offers[offer[id]!]) mask |= 1;
    if (actions && !actions[action[id]!]) mask |= 2;
    if (sources && !sources[source[id]!]) mask |= 4;
    if (countries && !countries[country[id]!]) mask |= 8;
    if (statuses && !statuses[status[id]!]) mask |= 16;
    if (test >= 0 && (f & FLAG_TEST) !== test) mask |= 32;
    if (doNotContact >= 0 && (f & FLAG_DO_NOT_CONTACT) !== doNotContact) mask |= 64;
    return mask;
  };
}

/**
 * A query as a yes/no test of a lead id, for listing matches: the filter values that rule out the most
 * leads (offer, country, action, source, status) are checked first and the first failure ends the test,
 * which scans a million leads several times faster than computing the whole failure mask of each.
 */
function matcher(index: LeadIndex, query: LeadQuery, clock: Clock): (id: number) => boolean {
  const { fromMs, toMs, offers, actions, sources, countries, statuses, test, doNotContact, email, phone, destinationCode, afterId } = filterCodes(index, query, clock);
  const { received, flags, offer, action, source, country, status, destination } = index;
  // Every flag filter as one mask and the value the masked bits must have.
  let flagMask = 0;
  let flagValue = 0;
  const wantFlag = (flag: number, wanted: number) => {
    if (wanted < 0) return;
    flagMask |= flag;
    flagValue |= wanted;
  };
  wantFlag(FLAG_TEST, test);
  wantFlag(FLAG_DO_NOT_CONTACT, doNotContact);
  wantFlag(FLAG_HAS_EMAIL, email);
  wantFlag(FLAG_HAS_PHONE, phone);
  if (query.unreadOnly) wantFlag(FLAG_READ, 0);
  if (query.duplicatesOnly) wantFlag(FLAG_DUPLICATE, FLAG_DUPLICATE);
  const dated = fromMs !== -Infinity || toMs !== Infinity;
  const hot = query.hot;
  return (id) =>
    id > afterId &&
    (offers === null || offers[offer[id]!] === 1) &&
    (countries === null || countries[country[id]!] === 1) &&
    (actions === null || actions[action[id]!] === 1) &&
    (sources === null || sources[source[id]!] === 1) &&
    (statuses === null || statuses[status[id]!] === 1) &&
    (flags[id]! & flagMask) === flagValue &&
    (!dated || (received[id]! >= fromMs && received[id]! < toMs)) &&
    (destinationCode === -2 || destination[id] === destinationCode) &&
    (!hot || index.score(id) >= HOT_SCORE);
}

/** The last search of each archive: its FTS expression, the archive's write stamp then, and its ids. */
const lastSearch = new WeakMap<Archive, { readonly match: string; readonly stamp: string; readonly ids: Int32Array }>();

/**
 * Changes whenever anything is written to the archive: by this connection (total_changes) or by any other
 * (data_version), so a remembered search is never read after the leads it covers changed.
 */
function writeStamp(archive: Archive): string {
  return prepared<{ stamp: string }>(archive, "SELECT (SELECT data_version FROM pragma_data_version()) || ':' || total_changes() AS stamp").get()!.stamp;
}

/**
 * The ids the search words select, ascending, or null without words. SQLite joins them into one string:
 * handing hundreds of thousands of rows to JavaScript one at a time costs several times the search itself.
 * The window asks for a keystroke's rows and its facet counts (and each page scrolled to) with the same
 * words, so the last search is kept until the next write: a broad prefix is looked up once, not each time.
 * The ids are shared: callers only read them.
 */
function searchedIds(archive: Archive, text: string): Int32Array | null {
  const match = ftsExpression(text);
  if (match === null) return null;
  const stamp = writeStamp(archive);
  const last = lastSearch.get(archive);
  if (last && last.match === match && last.stamp === stamp) return last.ids;
  const ids = parseIds(prepared<{ ids: string | null }>(archive, 'SELECT group_concat(rowid) AS ids FROM leads_fts WHERE leads_fts MATCH ?').get(match)?.ids ?? '');
  lastSearch.set(archive, { match, stamp, ids });
  return ids;
}

/** Ids from SQLite's comma-joined list ('' for none). */
function parseIds(joined: string): Int32Array {
  if (!joined) return new Int32Array(0);
  let count = 1;
  for (let i = 0; i < joined.length; i++) if (joined.charCodeAt(i) === 44) count++;
  const ids = new Int32Array(count);
  let n = 0;
  let value = 0;
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (c === 44) {
      ids[n++] = value;
      value = 0;
    } else value = value * 10 + c - 48;
  }
  ids[n] = value;
  return ids;
}

/** Calls visit for every lead the search words allowed (`searched`; every lead when there were no words). */
function forEachCandidate(index: LeadIndex, searched: Int32Array | null, visit: (id: number) => void): void {
  const { present } = index;
  if (searched) {
    for (const id of searched) if (id < present.length && present[id]) visit(id);
    return;
  }
  for (let id = 1; id <= index.maxId; id++) if (present[id]) visit(id);
}

/** Ids of the leads a query selects, ascending. */
export function matchingIds(index: LeadIndex, query: LeadQuery, clock: Clock): Int32Array {
  const matches = matcher(index, query, clock);
  const searched = searchedIds(index.archive, query.text);
  // One array of the largest size the matches can reach: growing one by doubling allocates and copies
  // megabytes per keystroke for a broad search at a million leads.
  const ids = new Int32Array(searched ? searched.length : index.size);
  let n = 0;
  forEachCandidate(index, searched, (id) => {
    if (matches(id)) ids[n++] = id;
  });
  return ids.subarray(0, n);
}

/**
 * Counts per value of every facet dimension in one pass: a lead that fails no filter counts in every
 * dimension, one that fails exactly one dimension's filter counts in that dimension only.
 */
export function indexedFacetCounts(index: LeadIndex, query: LeadQuery, clock: Clock): Record<FacetDimension, Map<string, number>> {
  const fails = failureMask(index, query, clock);
  const { dictionaries } = index;
  const sizes = [dictionaries.offer, dictionaries.action, dictionaries.source, dictionaries.country].map((d) => d.values.length);
  const counters = [...sizes.map((n) => new Float64Array(n)), new Float64Array(TRIAGE_STATUSES.length), new Float64Array(2), new Float64Array(2)];
  const codes: ((id: number) => number)[] = [
    (id) => index.offer[id]!,
    (id) => index.action[id]!,
    (id) => index.source[id]!,
    (id) => index.country[id]!,
    (id) => index.status[id]!,
    (id) => (index.flags[id]! & FLAG_TEST ? 1 : 0),
    (id) => (index.flags[id]! & FLAG_DO_NOT_CONTACT ? 1 : 0),
  ];
  // Most candidates fail nothing and count in every dimension: that path reads the arrays directly, as a
  // call per dimension and lead doubled the time of a broad search's facets at a million leads.
  const [byOffer, byAction, bySource, byCountry, byStatus, byTest, byDoNotContact] = counters as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const { offer, action, source, country, status, flags } = index;
  forEachCandidate(index, searchedIds(index.archive, query.text), (id) => {
    const mask = fails(id);
    if (mask === 0) {
      byOffer[offer[id]!]!++;
      byAction[action[id]!]!++;
      bySource[source[id]!]!++;
      byCountry[country[id]!]!++;
      byStatus[status[id]!]!++;
      const flag = flags[id]!;
      byTest[flag & FLAG_TEST ? 1 : 0]!++;
      byDoNotContact[flag & FLAG_DO_NOT_CONTACT ? 1 : 0]!++;
    } else if (mask < OTHER && (mask & (mask - 1)) === 0) {
      const d = 31 - Math.clz32(mask);
      counters[d]![codes[d]!(id)]!++;
    }
  });
  const labels: (readonly string[])[] = [...[dictionaries.offer, dictionaries.action, dictionaries.source, dictionaries.country].map((d) => d.values), TRIAGE_STATUSES, ['0', '1'], ['0', '1']];
  const result = {} as Record<FacetDimension, Map<string, number>>;
  DIMENSIONS.forEach((dimension, d) => {
    const counts = new Map<string, number>();
    counters[d]!.forEach((n, code) => {
      if (n > 0) counts.set(labels[d]![code]!, n);
    });
    result[dimension] = counts;
  });
  return result;
}

/** The matches as a byte per lead id, for checking leads met while walking an order. */
export function matchedSet(matches: Int32Array, size: number): Uint8Array {
  const matched = new Uint8Array(size);
  for (const id of matches) matched[id] = 1;
  return matched;
}

/**
 * The ids at positions [offset, end) of the matches in a sort order. Few matches: their ranks are sorted.
 * Many: the order is walked and each lead checked, a few milliseconds even for a million leads.
 */
export function idsInOrder(order: SortOrder, query: LeadQuery, matches: Int32Array, offset: number, end: number): number[] {
  const forwards = query.sort.direction === forwardDirection(query.sort.column);
  const { rankOf, idAt } = order;
  const ids: number[] = [];
  if (matches.length * 20 < idAt.length) {
    const ranks = Uint32Array.from(matches, (id) => rankOf[id]!).sort();
    for (let i = offset; i < end; i++) ids.push(idAt[forwards ? ranks[i]! : ranks[ranks.length - 1 - i]!]!);
    return ids;
  }
  const matched = matchedSet(matches, rankOf.length);
  let seen = 0;
  for (let i = 0; i < idAt.length && seen < end; i++) {
    const id = idAt[forwards ? i : idAt.length - 1 - i]!;
    if (!matched[id]) continue;
    if (seen++ >= offset) ids.push(id);
  }
  return ids;
}
