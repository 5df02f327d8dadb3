import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  countLeads, facetCounts, leadDetail, parseLeadQuery, prepareForQueries, queryLeads, setTriage, SORT_COLUMNS, type Clock, type LeadQuery, type LeadQueryInput,
} from '../../electron/core/inbox';
import { duplicateGroupsStale } from '../../electron/core/inbox/duplicates';
import { attachLeadIndex, readyLeadIndex } from '../../electron/core/inbox/leadIndex';
import { Random } from '../../electron/core/sample/random';
import { openArchive, TRIAGE_STATUSES, type Archive } from '../../electron/core/store';
import { bruteForce, plainLeads, shownScores, words, type PlainLead } from '../helpers/bruteForce';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
let dir: string;
let archive: Archive;
/** A second connection to the same file, answering from the in-memory lead index. */
let indexed: Archive;
let leads: PlainLead[];
// A fixed clock two hours east of UTC, so "today" and "this quarter" are not UTC's.
const clock: Clock = { now: new Date('2026-10-15T22:30:00Z'), utcOffsetMinutes: 120 };

beforeAll(() => {
  dir = tempDir();
  archive = openArchive(join(dir, 'inbox.db'));
  archive.upsertLeads(sampleLeads(4000, 11, 'table:a/marketplaceleads'));
  const second = sampleLeads(1000, 12, 'table:b/marketplaceleads');
  archive.upsertLeads(second);
  // Leads changed in Azure after the first sync: the running counts must follow every changed value.
  archive.upsertLeads(
    second.slice(0, 300).map((lead, i) => ({
      ...lead,
      etag: 'W/"changed"',
      country: i % 3 === 0 ? 'NZ' : lead.country,
      action: i % 3 === 1 ? 'DNC' : lead.action,
      doNotContact: i % 3 === 1 ? true : lead.doNotContact,
      email: i % 3 === 2 ? '' : lead.email,
      isTest: i % 7 === 0 ? !lead.isTest : lead.isTest,
      raw: { ...lead.raw, Changed: i },
    })),
  );
  const random = new Random(99);
  for (let id = 1; id <= 5000; id += 1 + between(random, 0, 6)) {
    archive.updateTriage(id, { status: random.pick(TRIAGE_STATUSES), read: random.chance(0.5), notes: random.chance(0.2) ? 'called' : '' });
  }
  leads = plainLeads(archive);
  // Derived data first, so neither connection writes later and the index sees no other writer.
  prepareForQueries(archive);
  indexed = openArchive(join(dir, 'inbox.db'));
  attachLeadIndex(indexed, () => undefined).buildNow();
});
afterAll(() => {
  archive?.close();
  indexed?.close();
});

/** Counts the driver's `get` calls whose SQL passes `match`, on every statement, until restored. */
function statementGets(archive: Archive) {
  const statement = Object.getPrototypeOf(archive.db.prepare('SELECT 1')) as { get: (...args: unknown[]) => unknown };
  const get = vi.spyOn(statement, 'get');
  return {
    count: (match: (sql: string) => boolean) => get.mock.contexts.filter((s) => match(String((s as { source: string }).source))).length,
    restore: () => get.mockRestore(),
  };
}

/** A whole number in [min, max]. */
function between(random: Random, min: number, max: number): number {
  return min + random.int(max - min + 1);
}

function randomQuery(random: Random): LeadQueryInput {
  const some = <T>(values: readonly T[], max = 3) => Array.from({ length: between(random, 1, max) }, () => random.pick(values));
  const lead = random.pick(leads);
  const query: Record<string, unknown> = {};
  if (random.chance(0.4)) {
    const pool = words([lead.first_name, lead.last_name, lead.company, lead.email, lead.offer, lead.description].join(' ')).filter((w) => /^[a-z0-9]{2,}$/.test(w));
    if (pool.length) query.text = some(pool, 2).map((w) => w.slice(0, between(random, 2, w.length))).join(' ');
  }
  if (random.chance(0.3)) query.date = random.chance(0.5)
    ? { preset: random.pick(['today', '7d', '30d', 'quarter', 'all'] as const) }
    : { preset: 'custom', from: `20${between(random, 18, 26)}-0${between(random, 1, 9)}-01`, to: random.chance(0.5) ? `2026-0${between(random, 1, 9)}-15` : undefined };
  if (random.chance(0.25)) query.offers = some(leads.map((l) => l.offer));
  if (random.chance(0.25)) query.actions = some(['INS', 'PLT', 'DNC', 'Create', 'StartTestDrive', 'Subscribe', 'nope']);
  if (random.chance(0.2)) query.sources = some(['AzureMarketplace', 'AzurePortal', 'SPZA', 'TestDrive', '']);
  if (random.chance(0.2)) query.countries = some(leads.map((l) => l.country));
  if (random.chance(0.2)) query.statuses = some(TRIAGE_STATUSES);
  if (random.chance(0.3)) query.test = random.pick(['real', 'test', 'all'] as const);
  if (random.chance(0.3)) query.doNotContact = random.pick(['any', 'only', 'exclude'] as const);
  if (random.chance(0.15)) query.hasEmail = random.chance(0.5);
  if (random.chance(0.15)) query.hasPhone = random.chance(0.5);
  if (random.chance(0.15)) query.duplicatesOnly = true;
  if (random.chance(0.1)) query.unreadOnly = true;
  if (random.chance(0.15)) query.hot = true;
  if (random.chance(0.1)) query.destinationId = 'table:b/marketplaceleads';
  if (random.chance(0.1)) query.arrivedAfterId = Math.floor(random.pick(leads).id / 2);
  if (random.chance(0.5)) query.sort = { column: random.pick(SORT_COLUMNS), direction: random.pick(['asc', 'desc'] as const) };
  return query;
}

/** Checks every query and facet a random generator makes against the brute force over `reference`. */
function expectSameAsBruteForce(target: Archive, reference: PlainLead[], seed: number, queries: number): void {
  const random = new Random(seed);
  let nonEmpty = 0;
  const scores = shownScores(reference);
  for (let i = 0; i < queries; i++) {
    const query = parseLeadQuery(randomQuery(random));
    const expected = bruteForce(reference, query, clock);
    const offset = expected.length > 30 && random.chance(0.3) ? between(random, 0, expected.length - 10) : 0;
    const page = queryLeads(target, query, { offset, limit: 60 }, clock);
    const context = JSON.stringify(query);
    expect(page.total, context).toBe(expected.length);
    expect(page.rows.map((r) => r.id), context).toEqual(expected.slice(offset, offset + 60));
    expect(page.rows.map((r) => r.quality), context).toEqual(page.rows.map((r) => scores.get(r.id)));
    if (expected.length > 0) nonEmpty++;
  }
  // The generator must exercise real matches, not only empty results.
  expect(nonEmpty).toBeGreaterThan(queries / 2);
}

function expectFacetsAsBruteForce(target: Archive, reference: PlainLead[], seed: number, queries: number): void {
  const random = new Random(seed);
  for (let i = 0; i < queries; i++) {
    const query = parseLeadQuery(randomQuery(random));
    const facets = facetCounts(target, query, clock);
    const check = (dimension: keyof typeof facets, without: Partial<LeadQuery>, valueOf: (l: PlainLead) => string) => {
      const ids = new Set(bruteForce(reference, { ...query, ...without }, clock));
      const expected = new Map<string, number>();
      for (const lead of reference) if (ids.has(lead.id)) expected.set(valueOf(lead), (expected.get(valueOf(lead)) ?? 0) + 1);
      const actual = new Map(facets[dimension].map((f) => [f.value, f.count]));
      expect(actual, `${dimension} for ${JSON.stringify(query)}`).toEqual(expected);
    };
    check('offer', { offers: [] }, (l) => l.offer);
    check('action', { actions: [] }, (l) => l.action);
    check('source', { sources: [] }, (l) => l.source);
    check('country', { countries: [] }, (l) => l.country);
    check('status', { statuses: [] }, (l) => l.status);
    check('test', { test: 'all' }, (l) => String(l.is_test));
    check('doNotContact', { doNotContact: 'any' }, (l) => String(l.do_not_contact));
  }
}

describe.each([
  ['SQL', () => archive],
  ['the in-memory lead index', () => indexed],
])('lead queries against a brute-force filter over the same leads, answered by %s', (_, target) => {
  const answersFromIndex = () => {
    expect(readyLeadIndex(target()) !== null).toBe(target() === indexed);
    if (target() === indexed) expect(readyLeadIndex(indexed)!.answers({ duplicatesOnly: true })).toBe(true);
  };

  it('select and order exactly the same leads for 400 random queries', () => {
    answersFromIndex();
    expectSameAsBruteForce(target(), leads, 2026, 400);
    answersFromIndex();
  });

  it('count facets as the brute force does, each filtered dimension ignoring its own filter', () => {
    answersFromIndex();
    expectFacetsAsBruteForce(target(), leads, 7, 60);
    answersFromIndex();
  });
});

describe('lead queries', () => {
  it('matches words by prefix, accents folded, in any script, and treats FTS syntax as text', () => {
    const count = (text: string) => countLeads(archive, { text, test: 'all' }, clock);
    const muller = leads.filter((l) => /m[uü]ller/i.test(`${l.last_name} ${l.email}`)).length;
    expect(muller).toBeGreaterThan(0);
    expect(count('müller')).toBe(count('muller'));
    expect(count('MULL')).toBe(count('muller'));
    const sakura = leads.filter((l) => l.first_name === 'さくら').length;
    expect(sakura).toBeGreaterThan(0);
    expect(count('さくら')).toBeGreaterThanOrEqual(sakura);
    const marked = leads.filter((l) => /msft_test/i.test([l.first_name, l.last_name, l.email, l.company, l.title, l.description, l.offer, l.offer_name].join(' ')));
    expect(marked.length).toBeGreaterThan(10);
    expect(count('msft_test')).toBe(marked.length);
    for (const hostile of ['"', 'NOT', 'a OR b', 'foo*', '(bar', 'NEAR(a b)', '^x', ':', '-']) expect(() => count(hostile)).not.toThrow();
  });

  it('pages through every lead newest first, the total known from the first page', () => {
    const first = queryLeads(archive, { test: 'all' }, { limit: 100 }, clock);
    expect(first.total).toBe(5000);
    const received = first.rows.map((r) => r.receivedAt);
    expect(received).toEqual([...received].sort().reverse());
  });

  it('shows a lead with its meaning, raw entity and duplicate group', () => {
    const grouped = queryLeads(archive, { duplicatesOnly: true, test: 'all' }, { limit: 1 }, clock).rows[0]!;
    expect(grouped.duplicates).toBeGreaterThan(1);
    const detail = leadDetail(archive, grouped.id)!;
    expect(detail.duplicateGroup?.leads.map((l) => l.id)).toContain(grouped.id);
    expect(detail.duplicateGroup?.leads).toHaveLength(grouped.duplicates);
    expect(['same email', 'same phone', 'same name and company']).toContain(detail.duplicateGroup?.reason);
    expect(detail.raw).toBeTypeOf('object');
    expect(detail.actionLabel.length).toBeGreaterThan(1);
    expect(leadDetail(archive, 999_999)).toBeNull();
  });
});

describe('the in-memory lead index', () => {
  it('follows new, changed and triaged leads, rebuilds after removals and after other processes wrote', () => {
    const file = join(tempDir(), 'follow.db');
    const writer = openArchive(file);
    writer.upsertLeads(sampleLeads(1500, 21, 'table:a/marketplaceleads'));
    const index = attachLeadIndex(writer, () => undefined).buildNow();
    expect(readyLeadIndex(writer)).toBe(index);
    // The index never writes: until a query brings the duplicate groups the upserts left stale up to
    // date, duplicates-only queries stay in SQL, and the sort orders do not wait for them.
    expect(duplicateGroupsStale(writer)).toBe(true);
    expect(index.answers({ duplicatesOnly: true })).toBe(false);
    expect(index.orderOf('company')).toBeDefined();
    expect(countLeads(writer, { duplicatesOnly: true, test: 'all' }, clock)).toBeGreaterThan(0);
    index.buildNow();
    expect(index.answers({ duplicatesOnly: true })).toBe(true);

    const later = sampleLeads(800, 22, 'table:b/marketplaceleads');
    writer.upsertLeads(later.slice(0, 500));
    writer.upsertLeads(later.slice(0, 200).map((lead, i) => ({ ...lead, etag: 'W/"2"', country: 'NZ', isTest: i % 2 === 0, email: i % 3 ? lead.email : '', raw: { ...lead.raw, Changed: i } })));
    setTriage(writer, [3, 4, 5, 600, 1700], { status: 'qualified', read: true });
    writer.updateTriage(4, { status: 'contacted', read: false });
    // Leads changed since the sort orders and duplicate groups were read: SQL gives windows in the
    // received-time index's order or sorts the matches, and answers duplicates-only queries, until the
    // index works them out again.
    expect(index.orderOf('company')).toBeUndefined();
    expect(index.answers({ duplicatesOnly: true })).toBe(false);
    expectSameAsBruteForce(writer, plainLeads(writer), 31, 120);
    expectFacetsAsBruteForce(writer, plainLeads(writer), 32, 20);
    expect(readyLeadIndex(writer)).toBe(index);

    index.buildNow();
    expect(index.orderOf('company')).toBeDefined();
    expect(index.answers({ duplicatesOnly: true })).toBe(true);
    expectSameAsBruteForce(writer, plainLeads(writer), 33, 120);
    expectFacetsAsBruteForce(writer, plainLeads(writer), 37, 20);

    writer.removeLeadsOf('table:b/marketplaceleads');
    expect(readyLeadIndex(writer)).toBeNull();
    expect(countLeads(writer, { test: 'all' }, clock)).toBe(1500);
    index.buildNow();
    expect(readyLeadIndex(writer)).toBe(index);
    expectSameAsBruteForce(writer, plainLeads(writer), 34, 80);

    const other = openArchive(file);
    other.upsertLeads(later.slice(500));
    other.close();
    expect(readyLeadIndex(writer)).toBeNull();
    index.buildNow();
    expect(countLeads(writer, { test: 'all' }, clock)).toBe(1800);
    expectSameAsBruteForce(writer, plainLeads(writer), 38, 80);
    expectFacetsAsBruteForce(writer, plainLeads(writer), 36, 20);
    writer.close();
  });
  it('looks a search up once for a keystroke\'s rows, facets and next page, and again after any write', () => {
    const file = join(tempDir(), 'search-once.db');
    const writer = openArchive(file);
    const leads = sampleLeads(900, 41, 'table:a/marketplaceleads');
    writer.upsertLeads(leads);
    const index = attachLeadIndex(writer, () => undefined).buildNow();
    const gets = statementGets(writer);
    const lookups = () => gets.count((sql) => sql.includes('leads_fts'));
    const query = { text: 'co', test: 'all' } as const;
    const ids = () => queryLeads(writer, query, { limit: 5000 }, clock).rows.map((r) => r.id);
    try {
      const before = ids();
      facetCounts(writer, query, clock);
      queryLeads(writer, query, { offset: 50, limit: 50 }, clock);
      expect(lookups()).toBe(1);
      expect(before).toEqual(bruteForce(plainLeads(writer), parseLeadQuery(query), clock));

      // Written by this connection: a matching lead no longer matches.
      const changed = leads.find((lead) => before.includes(writer.findLeadId(lead.destinationId, lead.partitionKey, lead.rowKey)!))!;
      writer.upsertLeads([{ ...changed, etag: 'W/"renamed"', firstName: 'Xu', lastName: 'Yi', company: 'Zeta', title: 'Owner', description: '', email: 'xu@zeta.example', offer: 'zeta-offer', offerName: 'Zeta', country: 'NZ', raw: { ...changed.raw, Renamed: 1 } }]);
      expect(ids()).not.toContain(writer.findLeadId(changed.destinationId, changed.partitionKey, changed.rowKey));
      expect(lookups()).toBe(2);

      // Written by another program: a new matching lead is found once the index has read it.
      const other = openArchive(file);
      other.upsertLeads([{ ...leads[0]!, rowKey: 'written-elsewhere', etag: null, company: 'Corvid Labs' }]);
      other.close();
      index.buildNow();
      const after = ids();
      expect(after).toContain(writer.findLeadId(leads[0]!.destinationId, leads[0]!.partitionKey, "written-elsewhere"));
      expect(after).toEqual(bruteForce(plainLeads(writer), parseLeadQuery(query), clock));
      expect(lookups()).toBe(3);
    } finally {
      gets.restore();
      writer.close();
    }
  });

  it('patches its text sort orders after a few leads changed or arrived, instead of sorting every lead again', () => {
    const file = join(tempDir(), 'patched.db');
    const writer = openArchive(file);
    const leads = sampleLeads(2500, 51, 'table:a/marketplaceleads');
    writer.upsertLeads(leads);
    prepareForQueries(writer);
    const index = attachLeadIndex(writer, () => undefined).buildNow();
    const gets = statementGets(writer);
    // The full sort's read of every lead's text, a step at a time.
    const textScans = () => gets.count((sql) => /json_group_array\(id\).* FROM leads WHERE id > \? AND id <= \?$/.test(sql));
    const sqlOrder = (column: string) => writer.db.prepare(`SELECT id FROM leads ORDER BY ${column} COLLATE NOCASE, received_at DESC, id DESC`).pluck().all();
    try {
      // Renamed to sort first and last, in other case; a received time moved; and new leads.
      writer.upsertLeads(
        leads.slice(0, 30).map((lead, i) => ({
          ...lead,
          etag: 'W/"2"',
          company: i % 3 === 0 ? 'AAA Early' : i % 3 === 1 ? 'zzz late' : lead.company.toUpperCase(),
          lastName: i % 2 ? 'ÅNGSTRÖM' : 'aardvark',
          email: i % 2 ? `Z${i}@zeta.example` : lead.email,
          receivedAt: i % 5 === 0 ? '2026-10-01T00:00:00.000Z' : lead.receivedAt,
          raw: { ...lead.raw, Changed: i },
        })),
      );
      writer.upsertLeads(sampleLeads(40, 52, 'table:b/marketplaceleads'));
      expect(index.orderOf('company')).toBeUndefined();
      index.buildNow();
      for (const [column, name] of [['company', 'company'], ['lastName', 'last_name'], ['email', 'email']] as const) {
        expect(Array.from(index.orderOf(column)!.idAt), column).toEqual(sqlOrder(name));
      }
      expect(textScans(), 'no text read for a full sort').toBe(0);
      expectSameAsBruteForce(writer, plainLeads(writer), 53, 120);

      // Removed leads: the index is read again, every order sorted afresh, and still the same as SQL's.
      writer.removeLeadsOf('table:b/marketplaceleads');
      index.buildNow();
      expect(Array.from(index.orderOf('company')!.idAt)).toEqual(sqlOrder('company'));
      expect(textScans()).toBeGreaterThan(0);
    } finally {
      gets.restore();
      writer.close();
    }
  });

  it('works out a text column\'s order only once someone sorts by it', () => {
    const file = join(tempDir(), 'lazy.db');
    const writer = openArchive(file);
    writer.upsertLeads(sampleLeads(1500, 61, 'table:a/marketplaceleads'));
    prepareForQueries(writer);
    const steps: (() => void)[] = [];
    const index = attachLeadIndex(writer, (step) => steps.push(step));
    const runSteps = () => {
      while (steps.length > 0) steps.shift()!();
    };
    const gets = statementGets(writer);
    const textScans = (column: string) => gets.count((sql) => sql.includes(`json_group_array(${column})`));
    try {
      runSteps();
      expect(readyLeadIndex(writer)).toBe(index);
      expect(index.hasWork).toBe(false);
      expect(index.orderOf('receivedAt')).toBeDefined();
      expect(index.orderOf('country')).toBeDefined();
      expect(textScans('company') + textScans('last_name') + textScans('email'), 'no text read before anyone sorts by it').toBe(0);

      // The first sort by company is answered by SQL, in the same order, while the index works it out.
      const query = { test: 'all', sort: { column: 'company', direction: 'asc' } } as const;
      const expected = bruteForce(plainLeads(writer), parseLeadQuery(query), clock).slice(0, 50);
      expect(queryLeads(writer, query, { limit: 50 }, clock).rows.map((r) => r.id)).toEqual(expected);
      expect(index.hasWork).toBe(true);
      runSteps();
      expect(index.orderOf('company')).toBeDefined();
      expect(queryLeads(writer, query, { limit: 50 }, clock).rows.map((r) => r.id)).toEqual(expected);
      expect(textScans('company')).toBeGreaterThan(0);
      expect(textScans('last_name') + textScans('email'), 'only the column sorted by').toBe(0);
      expect(index.hasWork).toBe(false);

      // After new leads, the order is brought up to date with them.
      writer.upsertLeads(sampleLeads(20, 62, 'table:b/marketplaceleads'));
      readyLeadIndex(writer);
      index.buildNow();
      expect(Array.from(index.orderOf('company')!.idAt)).toEqual(
        writer.db.prepare('SELECT id FROM leads ORDER BY company COLLATE NOCASE, received_at DESC, id DESC').pluck().all(),
      );
    } finally {
      gets.restore();
      writer.close();
    }
  });
});
