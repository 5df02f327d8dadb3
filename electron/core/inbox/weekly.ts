import { describeAction } from '../leads';
import type { Archive } from '../store';
import { prepareForQueries } from './maintenance';
import { dateRange, parseLeadQuery, systemClock, type Clock, type LeadQuery } from './query';
import { filterSql } from './querySql';
import { prepared } from './statements';

export interface WeeklySeries {
  /** The action or offer; null for the "Other" series that gathers the rest. */
  readonly key: string | null;
  readonly label: string;
  readonly counts: number[];
}

export interface WeeklyCounts {
  /** Mondays (UTC) of the weeks shown, oldest first. */
  readonly weeks: string[];
  readonly series: WeeklySeries[];
}

const MAX_WEEKS = 52;
const MAX_SERIES = 8;

function monday(date: Date): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d;
}

/**
 * Leads per week for the current filters, by action or by offer: the overview chart. Without a date
 * filter it shows the last 52 weeks; the busiest values get their own series and the rest are "Other".
 */
export function weeklyCounts(archive: Archive, input: LeadQuery | unknown, by: 'action' | 'offer', clock: Clock = systemClock()): WeeklyCounts {
  const query = parseLeadQuery(input);
  prepareForQueries(archive);
  const range = dateRange(query.date, clock);
  const end = monday(range.to ? new Date(Date.parse(range.to) - 1) : clock.now);
  const earliest = new Date(end);
  earliest.setUTCDate(earliest.getUTCDate() - 7 * (MAX_WEEKS - 1));
  const from = range.from && Date.parse(range.from) > earliest.getTime() ? monday(new Date(range.from)) : earliest;
  const bounded = parseLeadQuery({ ...query, date: { preset: 'custom', from: range.from && Date.parse(range.from) > from.getTime() ? range.from : from.toISOString(), to: range.to ?? undefined } });
  const { where, params } = filterSql(bounded, clock);
  const column = by === 'action' ? 'l.action' : 'l.offer';
  const rows = prepared<{ week: string; value: string; n: number }>(
    archive,
    `SELECT date(l.received_at, '-6 days', 'weekday 1') AS week, ${column} AS value, count(*) AS n FROM leads l WHERE ${where} GROUP BY 1, 2`,
  ).all(...params);

  const weeks: string[] = [];
  for (const d = new Date(from); d <= end; d.setUTCDate(d.getUTCDate() + 7)) weeks.push(d.toISOString().slice(0, 10));
  const index = new Map(weeks.map((week, i) => [week, i]));
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.value, (totals.get(row.value) ?? 0) + row.n);
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([value]) => value);
  const series = new Map<string, number[]>(top.map((value) => [value, weeks.map(() => 0)]));
  for (const row of rows) {
    const i = index.get(row.week);
    if (i === undefined) continue;
    const key = series.has(row.value) ? row.value : '\u0000other';
    if (!series.has(key)) series.set(key, weeks.map(() => 0));
    series.get(key)![i]! += row.n;
  }
  return {
    weeks,
    series: [...series].map(([key, counts]) => ({
      key: key === '\u0000other' ? null : key,
      label: key === '\u0000other' ? 'Other' : by === 'action' ? (describeAction(key)?.info.label ?? (key || '(none)')) : key || '(none)',
      counts,
    })),
  };
}
