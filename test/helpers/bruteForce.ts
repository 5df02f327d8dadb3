import type { Archive } from '../../electron/core/store';
import { dateRange, type Clock, type LeadQuery } from '../../electron/core/inbox';

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
};

/** SQLite's NOCASE: only ASCII letters fold; then UTF-8 byte order. */
function compareNoCase(a: string, b: string): number {
  const fold = (s: string) => Buffer.from(s.replace(/[A-Z]/g, (c) => c.toLowerCase()), 'utf8');
  return Buffer.compare(fold(a), fold(b));
}

/** The ids a query selects, in order, by filtering and sorting every lead in memory. */
export function bruteForce(leads: readonly PlainLead[], query: LeadQuery, clock: Clock): number[] {
  const { from, to } = dateRange(query.date, clock);
  const groupSizes = new Map<string, number>();
  for (const lead of leads) {
    const key = duplicateKey(lead);
    if (key) groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
  }
  const queryWords = query.text.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => /[\p{L}\p{N}]/u.test(w)).map((w) => words(w));
  const selected = leads.filter((lead) => {
    if (query.test === 'real' && lead.is_test) return false;
    if (query.test === 'test' && !lead.is_test) return false;
    if (from && lead.received_at < from) return false;
    if (to && lead.received_at >= to) return false;
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
    // Ties: newest first when sorting A to Z, oldest first when sorting Z to A.
    return sign * (compareNoCase(String(a[field]), String(b[field])) || byText(b.received_at, a.received_at) || b.id - a.id);
  });
  return selected.map((lead) => lead.id);
}
