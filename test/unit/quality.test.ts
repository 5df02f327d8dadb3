import { describe, expect, it } from 'vitest';
import freeMail from '../../electron/core/leads/freeMailDomains.json';
import { baseQuality, explainQuality, hasCustomerNote, HOT_SCORE, isFreeMail, qualityScore, type QualityFacts } from '../../electron/core/leads';

/** A lead that meets every criterion of its own data. */
const best: QualityFacts = {
  emailKey: 'ana.lima@fabrikam.com',
  phoneKey: '4255550100',
  firstName: 'Ana',
  lastName: 'Lima',
  company: 'Fabrikam',
  title: 'CTO',
  action: 'PLT',
  description: 'Please call me about pricing for 50 seats.',
  isTest: false,
  doNotContact: false,
};

const points = (facts: Partial<QualityFacts>) => baseQuality({ ...best, ...facts });

describe('the lead quality score', () => {
  it('gives every criterion its points, 90 from the lead itself and 10 for a qualified duplicate', () => {
    expect(baseQuality(best)).toBe(90);
    const shown = explainQuality(best, true);
    expect(shown.score).toBe(100);
    expect(shown.hot).toBe(true);
    expect(shown.reasons.map((r) => [r.points, r.of])).toEqual([[25, 25], [25, 25], [10, 10], [10, 10], [5, 5], [5, 5], [10, 10], [10, 10]]);
    expect(shown.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(100);
  });

  it('rates a business domain above a public mail provider above no usable address', () => {
    expect(points({ emailKey: 'ana@gmail.com' })).toBe(90 - 15);
    expect(points({ emailKey: '' })).toBe(90 - 25);
    expect(explainQuality({ ...best, emailKey: 'ana@outlook.com' }, false).reasons[0]!.text).toBe('Email at a public mail provider (outlook.com)');
    expect(explainQuality(best, false).reasons[0]!.text).toBe('Business email domain (fabrikam.com)');
    expect(explainQuality({ ...best, emailKey: '' }, false).reasons[0]!.text).toBe('No usable email address');
  });

  it('rates Contact me above trials and purchases above installs, and unknown actions at nothing', () => {
    expect(points({ action: 'PLT' })).toBe(90);
    expect(points({ action: 'StartTestDrive' })).toBe(85);
    expect(points({ action: 'Create' })).toBe(85);
    expect(points({ action: 'INS' })).toBe(70);
    expect(points({ action: 'Subscribe' })).toBe(65);
    expect(explainQuality({ ...best, action: 'Subscribe' }, false).reasons[1]!.text).toBe('Action Subscribe is not rated');
  });

  it('counts a phone, a company, a job title and a full name', () => {
    expect(points({ phoneKey: '' })).toBe(80);
    expect(points({ company: '  ' })).toBe(80);
    expect(points({ title: '' })).toBe(85);
    expect(points({ lastName: '' })).toBe(85);
    expect(points({ firstName: '', lastName: '', company: '', title: '', phoneKey: '' })).toBe(60);
  });

  it('counts the customer\'s own words in the description, not the marketplace\'s "Campaigns:" or a blank', () => {
    expect(hasCustomerNote('Please call me')).toBe(true);
    expect(hasCustomerNote('Campaigns: spring-promo')).toBe(false);
    expect(hasCustomerNote('campaigns: ')).toBe(false);
    expect(hasCustomerNote(' ')).toBe(false);
    expect(points({ description: 'Campaigns: ' })).toBe(80);
  });

  it('scores test leads and do-not-contact leads 0, a qualified duplicate included, each with its reason', () => {
    expect(explainQuality({ ...best, isTest: true }, true)).toEqual({ score: 0, hot: false, reasons: [{ points: 0, of: 0, text: 'A Microsoft test lead (MSFT_TEST), not a customer' }] });
    const dnc = explainQuality({ ...best, doNotContact: true, action: 'DNC' }, true);
    expect(dnc.score).toBe(0);
    expect(dnc.reasons[0]!.text).toMatch(/^Do not contact/);
  });

  it('adds the qualified-duplicate points to a scored lead only, never above 100', () => {
    expect(qualityScore(40, true)).toBe(50);
    expect(qualityScore(40, false)).toBe(40);
    expect(qualityScore(0, true)).toBe(0);
    expect(qualityScore(95, true)).toBe(100);
    expect(explainQuality({ ...best, action: 'INS', description: '' }, false).reasons.at(-1)!.text).toBe('No other lead of this person is qualified');
  });

  it('calls a lead hot from HOT_SCORE on', () => {
    const facts = { ...best, action: 'INS', description: '', title: '', lastName: '' };
    expect(baseQuality(facts)).toBe(HOT_SCORE - 20);
    expect(explainQuality({ ...facts, title: 'CTO', lastName: 'Lima', description: 'hi' }, false)).toMatchObject({ score: HOT_SCORE + 0, hot: true });
    expect(explainQuality({ ...facts, lastName: 'Lima', description: 'hi' }, false)).toMatchObject({ score: HOT_SCORE - 5, hot: false });
  });

  it('keeps the public mail providers as data: lower case, unique, matched on the whole domain', () => {
    expect(freeMail.domains.length).toBeGreaterThan(50);
    expect(freeMail.domains.every((domain) => domain === domain.toLowerCase() && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain))).toBe(true);
    expect(new Set(freeMail.domains).size).toBe(freeMail.domains.length);
    expect(isFreeMail('someone@gmail.com')).toBe(true);
    expect(isFreeMail('someone@notgmail.com')).toBe(false);
    expect(isFreeMail('someone@gmail.com.contoso.com')).toBe(false);
  });
});
