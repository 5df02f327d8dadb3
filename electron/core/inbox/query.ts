import * as z from 'zod';
import { TRIAGE_STATUSES } from '../store/triageStatuses';

/** Columns the inbox can sort by; the grid's keys, mapped to archive columns in querySql.ts. */
export const SORT_COLUMNS = [
  'receivedAt', 'firstName', 'lastName', 'email', 'phone', 'company', 'title', 'country', 'source', 'action', 'offer', 'offerName', 'status', 'quality',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export const DATE_PRESETS = ['all', 'today', '7d', '30d', 'quarter', 'custom'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date such as 2024-01-31 or an ISO 8601 time');
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(500).default([]);

/**
 * What the inbox shows: free text plus filters. The same object drives the grid, the facet counts, bulk
 * triage and export, so an export always contains exactly what the user is looking at.
 */
export const leadQuerySchema = z
  .object({
    /** Words matched as prefixes over names, email, company, title, description, offer and country. */
    text: z.string().max(500).default(''),
    date: z
      .object({
        preset: z.enum(DATE_PRESETS).default('all'),
        /** custom: ISO 8601 start (inclusive) and end (exclusive); a bare end date includes that whole UTC day. */
        from: isoDate.optional(),
        to: isoDate.optional(),
      })
      .strict()
      .default({ preset: 'all' }),
    offers: list(z.string().max(300)),
    actions: list(z.string().max(100)),
    sources: list(z.string().max(100)),
    countries: list(z.string().max(100)),
    statuses: list(z.enum(TRIAGE_STATUSES)),
    /** Microsoft's MSFT_TEST leads are hidden unless asked for. */
    test: z.enum(['real', 'test', 'all']).default('real'),
    doNotContact: z.enum(['any', 'only', 'exclude']).default('any'),
    hasEmail: z.boolean().optional(),
    hasPhone: z.boolean().optional(),
    duplicatesOnly: z.boolean().default(false),
    unreadOnly: z.boolean().default(false),
    /** Only hot leads: a quality score of at least HOT_SCORE (leads/quality.ts). */
    hot: z.boolean().default(false),
    /** Only leads archived after this lead id: what arrived since the user's last visit. */
    arrivedAfterId: z.number().int().min(0).optional(),
    destinationId: z.string().max(500).optional(),
    sort: z
      .object({ column: z.enum(SORT_COLUMNS).default('receivedAt'), direction: z.enum(['asc', 'desc']).default('desc') })
      .strict()
      .default({ column: 'receivedAt', direction: 'desc' }),
  })
  .strict();

export type LeadQuery = z.infer<typeof leadQuerySchema>;
export type LeadQueryInput = z.input<typeof leadQuerySchema>;

export function parseLeadQuery(input: unknown = {}): LeadQuery {
  return leadQuerySchema.parse(input ?? {});
}

/** Where "today" and "this quarter" begin: the user's clock, given as minutes east of UTC. */
export interface Clock {
  readonly now: Date;
  readonly utcOffsetMinutes: number;
}

export function systemClock(now = new Date()): Clock {
  return { now, utcOffsetMinutes: -now.getTimezoneOffset() };
}

function endOf(to: string): string {
  const end = new Date(to);
  if (/^\d{4}-\d{2}-\d{2}$/.test(to.trim())) end.setUTCDate(end.getUTCDate() + 1);
  return end.toISOString();
}

/** The [from, to) range of received times a date filter selects, as ISO strings; null ends are open. */
export function dateRange(date: LeadQuery['date'], clock: Clock): { from: string | null; to: string | null } {
  const shift = clock.utcOffsetMinutes * 60_000;
  const local = new Date(clock.now.getTime() + shift);
  const localMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) - shift).toISOString();
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  switch (date.preset) {
    case 'all':
      return { from: null, to: null };
    case 'today':
      return { from: localMidnight(y, m, d), to: null };
    case '7d':
      return { from: localMidnight(y, m, d - 6), to: null };
    case '30d':
      return { from: localMidnight(y, m, d - 29), to: null };
    case 'quarter':
      return { from: localMidnight(y, m - (m % 3), 1), to: null };
    case 'custom':
      return {
        from: date.from ? new Date(date.from).toISOString() : null,
        to: date.to ? endOf(date.to) : null,
      };
  }
}
