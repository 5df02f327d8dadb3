import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFromRequest } from '../../electron/core/azure/destination';
import { exportLeads } from '../../electron/core/export';
import { openArchive } from '../../electron/core/store';
import { syncDestination } from '../../electron/core/sync';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { readWithPython } from '../helpers/consumers';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete, expectArchiveEqualsTable } from '../support/archiveCompare';

const tempDir = useTempDir();
let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/** Text that breaks naive code: lone surrogates, NUL and other controls, quotes, formulas, right-to-left. */
const shortHostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\ud800', 'a\udc00b', '\u0000', 'nul\u0000inside', '\u202eevil', '=HYPERLINK("x")', '"quoted, "twice""', 'line\r\nbreak', '\ufeffbom', 'ﷺ 𝕏 🧑🏽‍💻'),
);
/** The same, or a property near Azure's 32K-character limit for one string. */
const hostileText = fc.oneof(shortHostile, fc.string({ minLength: 20_000, maxLength: 30_000 }));

/** CustomerInfo as it must be, as it sometimes is, and as it should never be. */
const customerInfo = fc.oneof(
  fc.record({ FirstName: shortHostile, LastName: shortHostile, Email: shortHostile, Phone: shortHostile, Company: shortHostile, Title: shortHostile, Country: shortHostile }).map((info) => JSON.stringify(info)),
  fc.record({ FirstName: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)), Email: fc.double(), Company: fc.array(fc.string(), { maxLength: 3 }) }).map((info) => JSON.stringify(info)),
  fc.constantFrom('{"FirstName": "Ana"', '{FirstName: \'Ana\'}', 'null', '[]', '5', '"just a string"', '{"a":1} trailing', '\u0000', '{"Email":"\\ud800@x.com"}'),
  fc.integer(),
  fc.boolean(),
  shortHostile,
);

/** Names Azure Table accepts for properties: a letter or underscore, then letters, digits, underscores. */
const propertyName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/).filter((name) => !['PartitionKey', 'RowKey', 'Timestamp'].includes(name) && !name.startsWith('odata'));

const entity = fc.record({
  PartitionKey: fc.constantFrom('contoso.analytics', 'a b', 'ünïcode', '12345', ''),
  CustomerInfo: customerInfo,
  Description: hostileText,
  LeadSource: fc.oneof(shortHostile, fc.constantFrom('AzureMarketplace', 'SPZA', 'MSFT_TEST_1|Offer', 'AppSource|INS|x|y|z|w')),
  ActionCode: fc.oneof(fc.constantFrom('INS', 'PLT', 'DNC', 'Create', ''), shortHostile),
  CreatedTime: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('yesterday', '2026-13-45T99:00:00Z', '0', ''), fc.integer()),
  OfferTitle: hostileText,
  extra: fc.dictionary(propertyName, fc.oneof(shortHostile, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxKeys: 200 }),
});

describe('hostile entities, synced against Azurite', () => {
  it('syncs every one without a crash, keeps each raw entity exactly, flags what is malformed, and exports files Python reads row for row', async () => {
    const generated = fc.sample(entity, { numRuns: 120, seed: 20261202 });
    const entities = generated.map(({ extra, ...fields }, i) => {
      // Within Azure's limits (at most 252 properties, 1 MiB an entity): the marketplace cannot write more.
      const kept = Object.fromEntries(Object.entries(extra).slice(0, 240));
      return { ...kept, ...fields, RowKey: `row-${String(i).padStart(4, '0')}` };
    });
    const table = 'HostileLeads';
    await seedTable(azurite.connectionString, table, entities);

    const dir = tempDir();
    const archive = openArchive(join(dir, 'hostile.db'));
    const { destination, secret } = destinationFromRequest({ kind: 'table', connectionString: azurite.connectionString, tableName: table });
    const result = await syncDestination(archive, destination, secret);
    expect(result).toMatchObject({ inserted: entities.length, problems: [] });
    await expectArchiveEqualsTable(archive, destination.id, azurite.connectionString, table);
    expectArchiveComplete(archive);

    const statuses = archive.db.prepare('SELECT customer_info_status AS s, count(*) AS n FROM leads GROUP BY 1').all() as { s: string; n: number }[];
    expect(statuses.map((row) => row.s).sort()).toEqual(expect.arrayContaining(['invalid', 'parsed']));
    // Each malformed CustomerInfo is one the parser cannot read as an object.
    for (const row of archive.db.prepare("SELECT raw_json FROM leads WHERE customer_info_status = 'invalid'").pluck().all() as string[]) {
      const raw = (JSON.parse(row) as { CustomerInfo?: unknown }).CustomerInfo;
      const readAsObject = () => {
        try {
          const once: unknown = typeof raw === 'string' ? JSON.parse(raw.replace(/^\ufeff/, '').trim()) : raw;
          const value: unknown = typeof once === 'string' ? JSON.parse(once) : once;
          return typeof value === 'object' && value !== null && !Array.isArray(value);
        } catch {
          return false;
        }
      };
      expect(readAsObject(), String(raw).slice(0, 80)).toBe(false);
    }

    for (const columns of ['default', 'all'] as const) {
      const file = join(dir, `hostile-${columns}.csv`);
      const exported = await exportLeads(archive, { test: 'all' }, { file, columns });
      expect(exported.rows).toBe(entities.length);
      const [header, ...rows] = readWithPython(file);
      expect(rows).toHaveLength(entities.length);
      for (const row of rows) expect(row).toHaveLength(header!.length);
    }
    archive.close();
  }, 180_000);
});
