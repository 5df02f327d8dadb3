import { AzureNamedKeyCredential, generateTableSas } from '@azure/data-tables';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileCipher } from '../../electron/core/secrets';
import { openService, type LeadInboxService, type Profile } from '../../electron/core/service';
import { generateSampleEntities } from '../../electron/core/sample';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable, tableClientFor } from '../../electron/dev/seed';
import { runCli } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const DAY = 86_400_000;
let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
  // Sample leads from 2019 to 2021: a destination that has been quiet for years.
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 20, seed: 3, from: '2019-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' }));
}, 60_000);
afterAll(() => azurite?.stop());

/** A SAS URL for the leads table with Read and Query, expiring `days` from now (negative: already expired). */
function sasUrl(days: number): string {
  const sas = generateTableSas('MarketplaceLeads', new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY), {
    permissions: { query: true },
    expiresOn: new Date(Date.now() + days * DAY),
  });
  return `${azurite.tableEndpoint}/MarketplaceLeads?${sas}`;
}

function withService<T>(use: (service: LeadInboxService) => Promise<T>): Promise<T> {
  const dir = tempDir();
  const service = openService(join(dir, 'leads.db'), { cipher: new KeyFileCipher(join(dir, 'k.key')), leadIndex: false });
  return use(service).finally(() => service.close());
}

const profileOf = (service: LeadInboxService, id: string): Profile => service.listProfiles().find((p) => p.id === id)!;
const codes = (profile: Profile) => profile.health.map((warning) => warning.code);

describe('destination health', () => {
  it('warns of a SAS that expires within 14 days, and of one that has expired; a later one is fine', () =>
    withService(async (service) => {
      const soon = service.useDestination({ kind: 'table', sasUrl: sasUrl(10) }, { keepSecret: true });
      expect(soon.health).toEqual([
        expect.objectContaining({ code: 'sas-expiring', severity: 'warning', message: expect.stringMatching(/^The SAS expires on \d{4}-\d\d-\d\d, in 10 days\.$/) }),
      ]);
      expect(codes(service.useDestination({ kind: 'table', sasUrl: sasUrl(40) }, { keepSecret: true }))).toEqual([]);
      const expired = service.useDestination({ kind: 'table', sasUrl: sasUrl(-1) }, { keepSecret: true });
      expect(expired.health[0]).toMatchObject({ code: 'sas-expired', severity: 'problem' });
    }));

  it('warns when no lead has arrived for the days the user chose, and not when they chose more or none', () =>
    withService(async (service) => {
      const { id } = service.useDestination({ kind: 'table', connectionString: azurite.connectionString }, { keepSecret: true });
      expect(codes(profileOf(service, id))).toEqual([]);
      await service.syncProfile(id);
      const quiet = profileOf(service, id).health[0]!;
      expect(quiet).toMatchObject({ code: 'no-recent-leads', message: expect.stringMatching(/^No lead, not even a test lead, has arrived for \d+ days \(the last on 202\d-\d\d-\d\d\)\.$/) });
      expect(quiet.fix).toMatch(/Validate/);
      expect(codes(service.setHealthSettings(id, { quietDays: 0, offerChangedAt: null }))).toEqual([]);
      expect(codes(service.setHealthSettings(id, { quietDays: 10_000 / 3, offerChangedAt: null }))).toEqual([]);
    }));

  it('warns when the offer changed after the latest test lead, until a test lead arrives', () =>
    withService(async (service) => {
      // A table of its own: the test lead it receives must not end the other tests' quiet spell.
      await seedTable(azurite.connectionString, 'ValidatedLeads', generateSampleEntities({ count: 5, seed: 4, from: '2019-01-01T00:00:00Z', to: '2021-01-01T00:00:00Z' }));
      const { id } = service.useDestination({ kind: 'table', connectionString: azurite.connectionString, tableName: 'ValidatedLeads' }, { keepSecret: true });
      service.setHealthSettings(id, { quietDays: 0, offerChangedAt: new Date(Date.now() - DAY).toISOString() });
      await service.syncProfile(id);
      expect(codes(profileOf(service, id))).toEqual(['delivery-unchecked']);
      // Partner Center's Validate button: a test lead arrives.
      await tableClientFor(azurite.connectionString, 'ValidatedLeads').upsertEntity({
        partitionKey: 'validate',
        rowKey: 'validate-1',
        LeadSource: 'AzureMarketplace-INS|contoso.analytics',
        CreatedTime: new Date().toISOString(),
        CustomerInfo: JSON.stringify({ FirstName: 'MSFT_TEST_638412345678901234', LastName: 'MSFT_TEST_638412345678901234', Email: 'MSFT_TEST@example.com' }),
      });
      await service.syncProfile(id);
      expect(codes(profileOf(service, id))).toEqual([]);
    }));

  it('calls three failed syncs in a row a problem, with the cause and its fix', () =>
    withService(async (service) => {
      const { id } = service.useDestination({ kind: 'table', connectionString: azurite.connectionString, tableName: 'NoSuchTable' }, { keepSecret: true });
      service.setHealthSettings(id, { quietDays: 0, offerChangedAt: null });
      for (let attempt = 0; attempt < 3; attempt++) await service.syncProfile(id).catch(() => undefined);
      expect(profileOf(service, id).health).toEqual([expect.objectContaining({ code: 'syncs-failing', severity: 'problem', message: expect.stringMatching(/^The last 3 syncs failed: The table "NoSuchTable" does not exist/) })]);
    }));
});

describe('health on the command line', () => {
  it('test-connection and sync print the warnings with what to do', async () => {
    const url = sasUrl(5);
    const tested = await runCli(['test-connection', '--sas-url', url]);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toMatch(/^OK: .*\nWarning: The SAS expires on \d{4}-\d\d-\d\d, in 5 days\. What to do: Create a new SAS/);
    const synced = await runCli(['sync', '--sas-url', url, '--db', join(tempDir(), 'leads.db')]);
    expect(synced.code).toBe(0);
    expect(synced.stderr).toMatch(/Warning: The SAS expires on .*, in 5 days\./);
    expect(synced.stderr).toMatch(/Warning: No lead, not even a test lead, has arrived for \d+ days/);
  });
});
