import { describe, expect, it } from 'vitest';
import { toJsonSafe, toSourceEntity } from '../../electron/core/leads/entity';
import { leadFromEntity } from '../../electron/core/leads/lead';

const TEST_CUSTOMER_INFO =
  '{"FirstName":"MSFT_TEST_636737558587117715","LastName":"MSFT_TEST_636737558587117715",' +
  '"Email":"MSFT_TEST_636737558587117715@test.com","Phone":"1234567890","Country":"US",' +
  '"Company":"MSFT_TEST_636737558587117715","Title":"MSFT_TEST_636737558587117715"}';

function entity(properties: Record<string, unknown>) {
  return toSourceEntity({
    PartitionKey: 'p1',
    RowKey: 'r1',
    Timestamp: '2024-05-01T10:00:00.1234567Z',
    ...properties,
  });
}

describe('leadFromEntity', () => {
  it('builds the documented test lead (LEADS.md sample)', () => {
    const lead = leadFromEntity(
      entity({
        LeadSource: 'AzureMarketplace-INS|contoso.widget-pro',
        ActionCode: 'INS',
        CustomerInfo: TEST_CUSTOMER_INFO,
        Description: 'Campaigns: ',
        OfferDisplayName: 'Widget Pro',
        CreatedTime: '9/28/2018 6:24:18 PM',
      }),
      'dest-1',
    );
    expect(lead).toMatchObject({
      destinationId: 'dest-1',
      partitionKey: 'p1',
      rowKey: 'r1',
      source: 'AzureMarketplace',
      action: 'INS',
      offer: 'contoso.widget-pro',
      offerName: 'Widget Pro',
      firstName: 'MSFT_TEST_636737558587117715',
      country: 'US',
      phone: '1234567890',
      description: 'Campaigns:',
      customerInfoStatus: 'parsed',
      isTest: true,
      testSentAt: '2018-09-28T18:24:18Z',
      doNotContact: false,
      piiWithheld: false,
      receivedAt: '2018-09-28T18:24:18.000Z',
      receivedFrom: 'CreatedTime',
      emailKey: 'msft_test_636737558587117715@test.com',
      phoneKey: '1234567890',
    });
  });

  it('flags the Salesforce-style test lead from Microsoft\'s page by its lead source alone', () => {
    const lead = leadFromEntity(
      entity({ LeadSource: 'MSFT_TEST_636573304831318844-MSFT_TEST_636573304831318844|Contoso Widget' }),
      'd',
    );
    expect(lead).toMatchObject({ isTest: true, testSentAt: '2018-03-22T15:48:03Z', offer: 'Contoso Widget' });
  });

  it('reads the HTTPS payload sample (camelCase, userDetails object)', () => {
    const lead = leadFromEntity(
      toSourceEntity({
        PartitionKey: 'https',
        RowKey: '1',
        userDetails: {
          firstName: 'Some',
          lastName: 'One',
          email: 'someone@contoso.com',
          phone: '16175555555',
          country: 'USA',
          company: 'Contoso',
          title: 'Esquire',
        },
        leadSource: 'AzureMarketplace',
        actionCode: 'INS',
        offerTitle: 'Test Microsoft',
        description: 'Test run through Power Automate',
      }),
      'd',
    );
    expect(lead).toMatchObject({
      source: 'AzureMarketplace',
      action: 'INS',
      offerName: 'Test Microsoft',
      firstName: 'Some',
      email: 'someone@contoso.com',
      description: 'Test run through Power Automate',
      isTest: false,
      receivedFrom: 'unknown',
    });
  });

  it('marks do-not-contact leads from the lead source or the action code', () => {
    expect(leadFromEntity(entity({ LeadSource: 'SPZA-DNC|a.b' }), 'd').doNotContact).toBe(true);
    expect(leadFromEntity(entity({ LeadSource: 'SPZA-INS|a.b', ActionCode: 'dnc' }), 'd')).toMatchObject({
      action: 'DNC',
      doNotContact: true,
    });
  });

  it('prefers the ActionCode property, falling back to the lead source', () => {
    expect(leadFromEntity(entity({ LeadSource: 'AzurePortal-INS|a.b', ActionCode: 'Create' }), 'd').action).toBe('Create');
    expect(leadFromEntity(entity({ LeadSource: 'AzurePortal-PLT|a.b', ActionCode: '' }), 'd').action).toBe('PLT');
    expect(leadFromEntity(entity({ LeadSource: 'AzurePortal-Renew|a.b' }), 'd').action).toBe('Renew');
  });

  it('shows .edu leads as PII withheld, not as broken', () => {
    const lead = leadFromEntity(
      entity({ LeadSource: 'SPZA-INS|a.b', CustomerInfo: '{"Country":"US","Company":"State University"}' }),
      'd',
    );
    expect(lead).toMatchObject({ piiWithheld: true, customerInfoStatus: 'parsed', company: 'State University' });
  });

  it('keeps malformed leads with their raw entity and flags them', () => {
    const lead = leadFromEntity(entity({ CustomerInfo: '{"FirstName": "Ana"', Mystery: 7 }), 'd');
    expect(lead).toMatchObject({
      customerInfoStatus: 'invalid',
      piiWithheld: false,
      leadSourceRaw: '',
      source: '',
      action: '',
      receivedFrom: 'Timestamp',
      receivedAt: '2024-05-01T10:00:00.123Z',
    });
    expect(lead.raw).toEqual({
      PartitionKey: 'p1',
      RowKey: 'r1',
      Timestamp: '2024-05-01T10:00:00.1234567Z',
      CustomerInfo: '{"FirstName": "Ana"',
      Mystery: 7,
    });
  });

  it('keeps every unknown property and 30,000-character values', () => {
    const huge = 'é'.repeat(30_000);
    const lead = leadFromEntity(
      entity({ LeadSource: 'SPZA-INS|a.b', Description: huge, ProductId: 'abc', PublisherDisplayName: 'Contoso' }),
      'd',
    );
    expect(lead.description).toHaveLength(30_000);
    expect(lead.raw).toMatchObject({ ProductId: 'abc', PublisherDisplayName: 'Contoso', Description: huge });
  });

  it('treats empty values as empty', () => {
    const lead = leadFromEntity(entity({ LeadSource: '', CustomerInfo: '', Description: ' ', CreatedTime: '' }), 'd');
    expect(lead).toMatchObject({
      source: '',
      description: '',
      customerInfoStatus: 'missing',
      piiWithheld: true,
      receivedFrom: 'Timestamp',
      emailKey: '',
      phoneKey: '',
      nameCompanyKey: '',
    });
  });
});

describe('toSourceEntity', () => {
  it('reads the SDK shape: lower-case identity, etag, Int64 as bigint, dates, bytes', () => {
    const source = toSourceEntity({
      partitionKey: 'p',
      rowKey: 'r',
      timestamp: '2024-01-01T00:00:00Z',
      etag: 'W/"datetime\'2024\'"',
      'odata.metadata': 'https://x/$metadata',
      Count: 9007199254740993n,
      When: new Date('2020-01-01T00:00:00Z'),
      Bytes: new Uint8Array([1, 2, 3]),
      'Count@odata.type': 'Edm.Int64',
    });
    expect(source).toEqual({
      partitionKey: 'p',
      rowKey: 'r',
      timestamp: '2024-01-01T00:00:00Z',
      etag: 'W/"datetime\'2024\'"',
      properties: { Count: '9007199254740993', When: '2020-01-01T00:00:00.000Z', Bytes: 'AQID' },
    });
    expect(() => JSON.stringify(source)).not.toThrow();
  });

  it('makes any value JSON-safe', () => {
    expect(toJsonSafe({ a: [1n, undefined, Number.NaN], b: null })).toEqual({ a: ['1', null, 'NaN'], b: null });
  });
});

describe('leads from CSV-style records', () => {
  it('reads the customer from columns when there is no CustomerInfo (Salesforce test-lead sample)', () => {
    const marker = 'MSFT_TEST_636573304831318844';
    const lead = leadFromEntity(
      toSourceEntity({
        PartitionKey: 'leads.csv',
        RowKey: '1',
        company: marker,
        country: 'US',
        description: marker,
        email: `${marker}@test.com`,
        first_name: marker,
        last_name: marker,
        lead_source: `${marker}-${marker}|Contoso Widget`,
        oid: '00Do0000000ZHog',
        phone: '1234567890',
        title: marker,
      }),
      'blob',
    );
    expect(lead).toMatchObject({
      firstName: marker,
      email: `${marker}@test.com`,
      phone: '1234567890',
      customerInfoStatus: 'parsed',
      leadSourceRaw: `${marker}-${marker}|Contoso Widget`,
      offer: 'Contoso Widget',
      isTest: true,
      testSentAt: '2018-03-22T15:48:03Z',
    });
    expect(lead.raw).toMatchObject({ oid: '00Do0000000ZHog' });
  });
});
