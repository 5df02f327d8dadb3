import { describe, expect, it } from 'vitest';
import { describeAction, describeSource, LEAD_ACTIONS, LEAD_SOURCES } from '../../electron/core/leads/catalog';
import { parseLeadSource } from '../../electron/core/leads/leadSource';

describe('parseLeadSource', () => {
  it.each(Object.keys(LEAD_SOURCES))('reads the documented source %s', (source) => {
    const parsed = parseLeadSource(`${source}-INS|contoso.widget`);
    expect(parsed).toMatchObject({ source, action: 'INS', offer: 'contoso.widget', wellFormed: true });
    expect(describeSource(parsed.source)?.info.label).toBeTruthy();
  });

  it.each(Object.keys(LEAD_ACTIONS))('reads the documented action %s', (action) => {
    const parsed = parseLeadSource(`AzureMarketplace-${action}|contoso.widget`);
    expect(parsed).toMatchObject({ source: 'AzureMarketplace', action, wellFormed: true });
    expect(describeAction(parsed.action)?.info.meaning.length).toBeGreaterThan(30);
  });

  it('labels the codes as publishers know them', () => {
    expect(describeSource('SPZA')?.info.label).toBe('AppSource');
    expect(describeAction('PLT')?.info.label).toBe('Contact me');
    expect(describeAction('DNC')?.info.meaning).toMatch(/do not contact/i);
    expect(describeAction('INS')?.info.meaning).toMatch(/Free trial/);
  });

  it('never splits the offer, which holds dashes and dots', () => {
    expect(parseLeadSource('AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol')).toEqual({
      raw: 'AzureMarketplace-INS|checkpoint.check-point-r77-10sg-byol',
      source: 'AzureMarketplace',
      action: 'INS',
      offer: 'checkpoint.check-point-r77-10sg-byol',
      publisherId: 'checkpoint',
      offerId: 'check-point-r77-10sg-byol',
      wellFormed: true,
    });
    const guid = parseLeadSource('SPZA-PLT|docusign.3701c77e-1cfa-4c56-91e6-3ed0b622145a');
    expect(guid.offerId).toBe('3701c77e-1cfa-4c56-91e6-3ed0b622145a');
    expect(parseLeadSource('AzurePortal-Create|bitnami.openedxcypress').publisherId).toBe('bitnami');
  });

  it('splits on the first bar only', () => {
    expect(parseLeadSource('SPZA-INS|a.b|c').offer).toBe('a.b|c');
  });

  it('keeps unknown codes verbatim and still calls the shape well formed', () => {
    const parsed = parseLeadSource('NewStore-Subscribe|contoso.app');
    expect(parsed).toMatchObject({ source: 'NewStore', action: 'Subscribe', wellFormed: true });
    expect(describeSource('NewStore')).toBeNull();
    expect(describeAction('Subscribe')).toBeNull();
  });

  it('canonicalizes the casing of known codes', () => {
    expect(parseLeadSource('spza-pLT|x.y')).toMatchObject({ source: 'SPZA', action: 'PLT' });
    expect(parseLeadSource('azuremarketplace-create|x.y')).toMatchObject({ source: 'AzureMarketplace', action: 'Create' });
  });

  it('reads the Salesforce test-lead form, where the offer is a name and the test marker stands in for both codes', () => {
    const raw = 'MSFT_TEST_636573304831318844-MSFT_TEST_636573304831318844|Contoso Widget Pro';
    expect(parseLeadSource(raw)).toMatchObject({
      source: '',
      action: '',
      offer: 'Contoso Widget Pro',
      publisherId: '',
      offerId: '',
      wellFormed: true,
    });
  });

  it.each([
    ['', { source: '', action: '', offer: '', wellFormed: false }],
    ['AzureMarketplace', { source: 'AzureMarketplace', action: '', offer: '', wellFormed: false }],
    ['AzureMarketplace-INS', { source: 'AzureMarketplace', action: 'INS', offer: '', wellFormed: false }],
    ['|contoso.app', { source: '', action: '', offer: 'contoso.app', wellFormed: false }],
    ['-INS|contoso.app', { source: '', action: 'INS', offer: 'contoso.app', wellFormed: false }],
    ['SPZA-|contoso.app', { source: 'SPZA', action: '', offer: 'contoso.app', wellFormed: false }],
  ])('falls back gracefully on %j', (raw, expected) => {
    expect(parseLeadSource(raw)).toMatchObject({ raw, ...expected });
  });

  it('accepts missing and non-string values', () => {
    expect(parseLeadSource(undefined)).toMatchObject({ raw: '', wellFormed: false });
    expect(parseLeadSource(null).raw).toBe('');
    expect(parseLeadSource(42).raw).toBe('42');
  });

  it('handles a 30,000-character value', () => {
    const offer = `contoso.${'x'.repeat(30_000)}`;
    const parsed = parseLeadSource(`SPZA-INS|${offer}`);
    expect(parsed.offer).toBe(offer);
    expect(parsed.offerId).toHaveLength(30_000);
  });
});
