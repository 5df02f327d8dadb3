import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { weeklyCounts, type Clock } from '../../electron/core/inbox';
import { openArchive } from '../../electron/core/store';
import { bruteForce, plainLeads } from '../helpers/bruteForce';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';
import { parseLeadQuery } from '../../electron/core/inbox';

const tempDir = useTempDir();
const clock: Clock = { now: new Date('2026-11-20T12:00:00Z'), utcOffsetMinutes: 0 };

function mondayOf(iso: string): string {
  const d = new Date(iso.slice(0, 10) + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

describe('leads per week', () => {
  it('counts the filtered leads per Monday-to-Sunday week and action, over the last 52 weeks', () => {
    const archive = openArchive(join(tempDir(), 'weekly.db'));
    archive.upsertLeads(sampleLeads(4000, 17));
    const query = parseLeadQuery({ countries: ['US', 'DE', 'GB', 'IN'] });
    const result = weeklyCounts(archive, query, 'action', clock);
    expect(result.weeks).toHaveLength(52);
    expect(result.weeks.at(-1)).toBe('2026-11-16');
    expect(new Date(`${result.weeks[0]}T00:00:00Z`).getUTCDay()).toBe(1);

    const byId = new Map(plainLeads(archive).map((l) => [l.id, l]));
    const expected = new Map<string, number>();
    for (const id of bruteForce([...byId.values()], query, clock)) {
      const lead = byId.get(id)!;
      const week = mondayOf(lead.received_at);
      if (week >= result.weeks[0]! && week <= result.weeks.at(-1)!) expected.set(`${week}|${lead.action}`, (expected.get(`${week}|${lead.action}`) ?? 0) + 1);
    }
    const actual = new Map<string, number>();
    for (const series of result.series) {
      expect(series.key).not.toBeNull();
      series.counts.forEach((n, i) => n > 0 && actual.set(`${result.weeks[i]}|${series.key}`, n));
    }
    expect(actual).toEqual(expected);
    expect(result.series.find((s) => s.key === 'PLT')?.label).toBe('Contact me');
    archive.close();
  });

  it('keeps to a custom range, and gathers small offers into Other', () => {
    const archive = openArchive(join(tempDir(), 'weekly-offers.db'));
    archive.upsertLeads(sampleLeads(3000, 18));
    const result = weeklyCounts(archive, { test: 'all', date: { preset: 'custom', from: '2025-01-06', to: '2025-03-30' } }, 'offer', clock);
    expect(result.weeks[0]).toBe('2025-01-06');
    expect(result.weeks.at(-1)).toBe('2025-03-24');
    const sum = result.series.reduce((total, s) => total + s.counts.reduce((a, b) => a + b, 0), 0);
    const inRange = plainLeads(archive).filter((l) => l.received_at >= '2025-01-06' && l.received_at < '2025-03-31').length;
    expect(sum).toBe(inRange);
    expect(result.series.length).toBeLessThanOrEqual(9);
    archive.close();
  });
});
