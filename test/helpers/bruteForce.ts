import type { Archive } from '../../electron/core/store';
import type { Clock, LeadQuery } from '../../electron/core/inbox';
import { baseQuality, HOT_SCORE, qualityScore } from '../../electron/core/leads';

/** Every lead with its triage, read plainly from the archive: the reference the query builder must match. */
export interface PlainLead {
  id: number;
  received_at: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  company: string;
  title: string;
  description: string;
  country: string;
  source: string;
  action: string;
  offer: string;
  offer_name: string;
  is_test: number;
  do_not_contact: number;
  email_key: string;
  phone_key: string;
  name_company_key: string;
  destination_id: string;
  status: string;
  read: number;
}

export function plainLeads(archive: Archive): PlainLead[] {
  return archive.db
    .prepare(
      `SELECT l.*, coalesce(t.status, 'new') AS status, coalesce(t.read, 0) AS read
       FROM leads l LEFT JOIN lead_triage t ON t.lead_id = l.id`,
    )
    .all() as PlainLead[];
}

/** A JS rendering of FTS5 unicode61 with remove_diacritics 2: Latin accents folded, letters and digits kept. */
export function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

function duplicateKey(lead: PlainLead): string {
  if (lead.email_key) return `email:${lead.email_key}`;
  if (lead.phone_key) return `phone:${lead.phone_key}`;
  if (lead.name_company_key) return `name:${lead.name_company_key}`;
  return '';
}

const SORT_FIELD: Record<LeadQuery['sort']['column'], keyof PlainLead> = {
  receivedAt: 'received_at', firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone', company: 'company',
  title: 'title', country: 'country', source: 'source', action: 'action', offer: 'offer', offerName: 'offer_name', status: 'status',
  quality: 'id',
};

/**
 * Each lead's shown quality score, worked out from its fields alone: the rules' own function over the
 * lead's data, plus the points when another lead with its duplicate key is qualified.
 */
export function shownScores(leads: readonly PlainLead[]): Map<number, number> {
  const qualifiedByKey = new Map<string, number>();
  for (const lead of leads) {
    const key = duplicateKey(lead);
    if (key && lead.status === 'qualified') qualifiedByKey.set(key, (qualifiedByKey.get(key) ?? 0) + 1);
  }
  return new Map(
    leads.map((lead) => {
      const key = duplicateKey(lead);
      const othersQualified = key ? (qualifiedByKey.get(key) ?? 0) - (lead.status === 'qualified' ? 1 : 0) > 0 : false;
      const base = baseQuality({
        emailKey: lead.email_key, phoneKey: lead.phone_key, firstName: lead.first_name, lastName: lead.last_name, company: lead.company,
        title: lead.title, action: lead.action, description: lead.description, isTest: lead.is_test === 1, doNotContact: lead.do_not_contact === 1,
      });
      return [lead.id, qualityScore(base, othersQualified)];
    }),
  );
}

/** SQLite's NOCASE: only ASCII letters fold; then UTF-8 byte order. */
function compareNoCase(a: string, b: string): number {
  const fold = (s: string) => Buffer.from(s.replace(/[A-Z]/g, (c) => c.toLowerCase()), 'utf8');
  return Buffer.compare(fold(a), fold(b));
}

/** A day as the user's calendar shows it (YYYY-MM-DD), for an instant and the clock's UTC offset. */
function calendarDay(instant: number, clock: Clock): string {
  return new Date(instant + clock.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function dayMinus(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a received time passes a date filter, written apart from the product's bounds: presets compare
 * calendar days on the user's clock (today, the last 7 or 30 days, this quarter, with no end); a custom
 * range starts at its instant and ends before its instant, or after its whole UTC day when it is a date.
 */
function inDateRange(receivedAt: string, date: LeadQuery['date'], clock: Clock): boolean {
  const at = Date.parse(receivedAt);
  const day = calendarDay(at, clock);
  const today = calendarDay(clock.now.getTime(), clock);
  switch (date.preset) {
    case 'all':
      return true;
    case 'today':
      return day >= today;
    case '7d':
      return day >= dayMinus(today, 6);
    case '30d':
      return day >= dayMinus(today, 29);
    case 'quarter': {
      const month = Number(today.slice(5, 7));
      const first = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
      return day >= first;
    }
    case 'custom': {
      if (date.from && at < Date.parse(date.from)) return false;
      if (!date.to) return true;
      const to = date.to.trim();
      return /^\d{4}-\d{2}-\d{2}$/.test(to) ? receivedAt.slice(0, 10) <= to : at < Date.parse(to);
    }
  }
}

/** The ids a query selects, in order, by filtering and sorting every lead in memory. */
export function bruteForce(leads: readonly PlainLead[], query: LeadQuery, clock: Clock): number[] {
  const groupSizes = new Map<string, number>();
  for (const lead of leads) {
    const key = duplicateKey(lead);
    if (key) groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
  }
  const scores = shownScores(leads);
  const queryWords = query.text.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => /[\p{L}\p{N}]/u.test(w)).map((w) => words(w));
  const selected = leads.filter((lead) => {
    if (query.test === 'real' && lead.is_test) return false;
    if (query.test === 'test' && !lead.is_test) return false;
    if (!inDateRange(lead.received_at, query.date, clock)) return false;
    if (query.doNotContact === 'only' && !lead.do_not_contact) return false;
    if (query.doNotContact === 'exclude' && lead.do_not_contact) return false;
    if (query.offers.length && !query.offers.includes(lead.offer)) return false;
    if (query.actions.length && !query.actions.includes(lead.action)) return false;
    if (query.sources.length && !query.sources.includes(lead.source)) return false;
    if (query.countries.length && !query.countries.includes(lead.country)) return false;
    if (query.statuses.length && !query.statuses.includes(lead.status as never)) return false;
    if (query.hasEmail !== undefined && (lead.email !== '') !== query.hasEmail) return false;
    if (query.hasPhone !== undefined && (lead.phone !== '') !== query.hasPhone) return false;
    if (query.unreadOnly && lead.read) return false;
    if (query.hot && scores.get(lead.id)! < HOT_SCORE) return false;
    if (query.arrivedAfterId !== undefined && lead.id <= query.arrivedAfterId) return false;
    if (query.duplicatesOnly && (groupSizes.get(duplicateKey(lead)) ?? 0) < 2) return false;
    if (query.destinationId !== undefined && lead.destination_id !== query.destinationId) return false;
    if (queryWords.length) {
      const leadWords = [lead.first_name, lead.last_name, lead.email, lead.company, lead.title, lead.description, lead.offer, lead.offer_name, lead.country].flatMap(words);
      // A quoted multi-part word is an FTS phrase: its parts must follow each other, the last as a prefix.
      const matches = (parts: string[]) =>
        leadWords.some((_, start) => parts.every((part, i) => (i === parts.length - 1 ? leadWords[start + i]?.startsWith(part) : leadWords[start + i] === part)));
      if (!queryWords.every(matches)) return false;
    }
    return true;
  });
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const field = SORT_FIELD[query.sort.column];
  const sign = query.sort.direction === 'asc' ? 1 : -1;
  selected.sort((a, b) => {
    if (query.sort.column === 'receivedAt') return sign * (byText(a.received_at, b.received_at) || a.id - b.id);
    if (query.sort.column === 'quality') return sign * (scores.get(a.id)! - scores.get(b.id)! || byText(a.received_at, b.received_at) || a.id - b.id);
    // Ties: newest first when sorting A to Z, oldest first when sorting Z to A.
    return sign * (compareNoCase(String(a[field]), String(b[field])) || byText(b.received_at, a.received_at) || b.id - a.id);
  });
  return selected.map((lead) => lead.id);
}
