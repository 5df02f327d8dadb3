import { describe, expect, it } from 'vitest';
import { dateRange, ftsExpression, parseLeadQuery } from '../../electron/core/inbox';

describe('ftsExpression', () => {
  it('makes every word a quoted prefix, so operators and punctuation are text', () => {
    expect(ftsExpression('  jose  contoso ')).toBe('"jose"* "contoso"*');
    expect(ftsExpression('a OR b')).toBe('"a"* "OR"* "b"*');
    expect(ftsExpression('say "hi"')).toBe('"say"* "hi"*');
    expect(ftsExpression('user@contoso.com')).toBe('"user@contoso.com"*');
    expect(ftsExpression('NEAR(a b) -x ^y')).toBe('"NEAR(a"* "b)"* "-x"* "^y"*');
  });

  it('gives nothing to match for blank or punctuation-only input', () => {
    expect(ftsExpression('')).toBeNull();
    expect(ftsExpression('  "" * - ')).toBeNull();
  });
});

describe('dateRange', () => {
  // 23:30 in UTC+2 on 15 October is 21:30 UTC.
  const clock = { now: new Date('2026-10-15T21:30:00Z'), utcOffsetMinutes: 120 };
  const range = (date: object) => dateRange(parseLeadQuery({ date }).date, clock);

  it('starts today, 7 and 30 days and this quarter at the user\'s local midnight', () => {
    expect(range({ preset: 'today' })).toEqual({ from: '2026-10-14T22:00:00.000Z', to: null });
    expect(range({ preset: '7d' })).toEqual({ from: '2026-10-08T22:00:00.000Z', to: null });
    expect(range({ preset: '30d' })).toEqual({ from: '2026-09-15T22:00:00.000Z', to: null });
    expect(range({ preset: 'quarter' })).toEqual({ from: '2026-09-30T22:00:00.000Z', to: null });
    expect(range({ preset: 'all' })).toEqual({ from: null, to: null });
  });

  it('uses the local date, not UTC\'s, near midnight', () => {
    const lateInTokyo = { now: new Date('2026-12-31T16:00:00Z'), utcOffsetMinutes: 540 };
    expect(dateRange({ preset: 'today' }, lateInTokyo).from).toBe('2026-12-31T15:00:00.000Z');
    expect(dateRange({ preset: 'quarter' }, lateInTokyo).from).toBe('2026-12-31T15:00:00.000Z');
  });

  it('includes the whole end day of a custom range given as bare dates', () => {
    expect(range({ preset: 'custom', from: '2024-01-01', to: '2024-01-31' })).toEqual({ from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' });
    expect(range({ preset: 'custom', to: '2024-01-31T12:00:00Z' })).toEqual({ from: null, to: '2024-01-31T12:00:00.000Z' });
  });
});

describe('parseLeadQuery', () => {
  it('defaults to real leads, newest first', () => {
    expect(parseLeadQuery({})).toMatchObject({ text: '', test: 'real', doNotContact: 'any', sort: { column: 'receivedAt', direction: 'desc' } });
  });

  it('refuses unknown fields, sort columns, statuses and dates', () => {
    // Each refusal names the field at fault, so a check that throws for another reason fails here.
    const refusal = (path: (string | number)[]) => expect.objectContaining({ issues: [expect.objectContaining({ path })] });
    expect(() => parseLeadQuery({ txt: 'x' })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: 'unrecognized_keys', keys: ['txt'] })] }));
    expect(() => parseLeadQuery({ sort: { column: 'raw_json' } })).toThrow(refusal(['sort', 'column']));
    expect(() => parseLeadQuery({ statuses: ['won'] })).toThrow(refusal(['statuses', 0]));
    expect(() => parseLeadQuery({ date: { preset: 'custom', from: 'yesterday-ish' } })).toThrow(refusal(['date', 'from']));
  });
});
