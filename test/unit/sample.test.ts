import { describe, expect, it } from 'vitest';
import { leadFromEntity, parseCreatedTime, toSourceEntity } from '../../electron/core/leads';
import { generateSampleEntities } from '../../electron/core/sample';

const N = 20_000;
const entities = [...generateSampleEntities({ count: N, seed: 9 })];
const leads = entities.map((e) => leadFromEntity(toSourceEntity(e), 'd'));
const share = (predicate: (lead: (typeof leads)[number]) => boolean) => leads.filter(predicate).length / N;

describe('generateSampleEntities', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const again = [...generateSampleEntities({ count: N, seed: 9 })];
    expect(again).toEqual(entities);
    const other = [...generateSampleEntities({ count: 50, seed: 10 })];
    expect(other).not.toEqual(entities.slice(0, 50));
  });

  it('writes entities as Azure stores them: unique keys, string properties, no service Timestamp', () => {
    expect(new Set(entities.map((e) => `${e.PartitionKey}|${e.RowKey}`)).size).toBe(N);
    for (const entity of entities) {
      expect(entity.Timestamp).toBeUndefined();
      expect(Object.values(entity).every((v) => typeof v === 'string')).toBe(true);
    }
  });

  it('spreads leads over several years, oldest first, within the requested range', () => {
    // Every lead has a readable CreatedTime: none falls back to the table's write time (the demo's start).
    expect(leads.filter((l) => l.receivedFrom !== 'CreatedTime')).toEqual([]);
    const times = leads.map((l) => l.receivedAt);
    expect([...times].sort()).toEqual(times);
    const years = new Set(times.map((t) => t.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(7);
    const ranged = [...generateSampleEntities({ count: 100, seed: 1, from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' })];
    for (const entity of ranged) {
      const at = parseCreatedTime(entity.CreatedTime);
      // Every generated lead carries a parseable CreatedTime inside the asked range.
      expect(at, entity.CreatedTime).not.toBeNull();
      expect(at! >= '2024-01-01' && at! < '2024-02-02', at!).toBe(true);
    }
  });

  it('mixes both CreatedTime formats', () => {
    expect(entities.some((e) => /^\d{1,2}\/\d{1,2}\/\d{4} .* [AP]M$/.test(e.CreatedTime!))).toBe(true);
    expect(entities.some((e) => /^\d{4}-\d{2}-\d{2}T.*\.\d{7}Z$/.test(e.CreatedTime!))).toBe(true);
  });

  it('has every documented source and action, many offers and countries', () => {
    for (const source of ['AzureMarketplace', 'AzurePortal', 'SPZA', 'TestDrive']) expect(leads.some((l) => l.source === source)).toBe(true);
    for (const action of ['INS', 'PLT', 'DNC', 'Create', 'StartTestDrive']) expect(leads.some((l) => l.action === action)).toBe(true);
    expect(new Set(leads.map((l) => l.offer)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(leads.map((l) => l.country)).size).toBeGreaterThanOrEqual(15);
  });

  it('has names in many scripts', () => {
    const text = leads.map((l) => `${l.firstName} ${l.lastName} ${l.company}`).join(' ');
    for (const script of [/\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Han}/u, /\p{Script=Hiragana}|\p{Script=Katakana}/u, /\p{Script=Hangul}/u, /\p{Script=Hebrew}/u, /\p{Script=Arabic}/u, /\p{Script=Devanagari}/u, /[äöüéèçñãõåøł]/u]) {
      expect(text).toMatch(script);
    }
  });

  it('has test, .edu, do-not-contact, repeat and malformed leads in realistic shares', () => {
    expect(share((l) => l.isTest)).toBeGreaterThan(0.005);
    expect(share((l) => l.isTest)).toBeLessThan(0.02);
    expect(leads.filter((l) => l.isTest).every((l) => l.testSentAt !== null)).toBe(true);
    expect(share((l) => l.piiWithheld && !l.isTest)).toBeGreaterThan(0.02);
    expect(share((l) => l.doNotContact)).toBeGreaterThan(0.01);
    expect(share((l) => l.customerInfoStatus === 'invalid')).toBeGreaterThan(0.0005);
    expect(share((l) => l.leadSourceRaw === '')).toBeGreaterThan(0);
    const byEmail = new Map<string, Set<string>>();
    for (const lead of leads) {
      if (!lead.emailKey || lead.isTest) continue;
      byEmail.set(lead.emailKey, (byEmail.get(lead.emailKey) ?? new Set()).add(lead.action));
    }
    const repeats = [...byEmail.values()].filter((actions) => actions.size > 1).length;
    expect(repeats).toBeGreaterThan(N * 0.03);
  });

  it('sends test leads whose ticks match their time', () => {
    for (const lead of leads.filter((l) => l.isTest && l.receivedFrom === 'CreatedTime')) {
      expect(Math.abs(Date.parse(lead.testSentAt!) - Date.parse(lead.receivedAt))).toBeLessThan(1000);
    }
  });
});
