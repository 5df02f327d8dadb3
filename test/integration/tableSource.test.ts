import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableClient } from '@azure/data-tables';
import { classifyError } from '../../electron/core/azure/classify';
import { tableClient } from '../../electron/core/azure/clients';
import { destinationFromRequest, resolveAccess } from '../../electron/core/azure/destination';
import { fetchEntityPage } from '../../electron/core/azure/tableSource';
import { toSourceEntity, type SourceEntity } from '../../electron/core/leads';
import { generateSampleEntities } from '../../electron/core/sample';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable, tableClientFor } from '../../electron/dev/seed';

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const accessFor = (connectionString: string, tableName: string) => {
  const { destination, secret } = destinationFromRequest({ kind: 'table', connectionString, tableName });
  return resolveAccess(destination, secret);
};

/** Every value type the service has, and the spellings writers use. */
const TYPED = [
  { PartitionKey: 'typed', RowKey: '1', Big: 9007199254740993n, Small: 12, Ratio: 1.5, Flag: true, Empty: '', Text: 'Zoë 東京 ✓' },
  { PartitionKey: 'typed', RowKey: '2', When: new Date('2026-11-02T10:11:12.345Z'), Bytes: new Uint8Array([0, 1, 254, 255]), Id: { value: '9f1c2e34-6b7a-4c1d-9e2f-0a1b2c3d4e5f', type: 'Guid' } },
  { PartitionKey: 'typed', RowKey: '3', Negative: -9007199254740993n, Zero: 0, customerinfo: '{"email":"lower@contoso.com"}', 'Odd Name': 'kept' },
];

/** What the SDK's typed listing gave the sync before it read the wire itself: the reference. */
async function throughSdk(client: TableClient): Promise<SourceEntity[]> {
  const out: SourceEntity[] = [];
  for await (const entity of client.listEntities<Record<string, unknown>>()) out.push(toSourceEntity(entity));
  return out;
}

describe('reading table pages from the wire', () => {
  it('gives exactly the entities the SDK gives, page by page, with continuation tokens the SDK takes too', async () => {
    const table = 'WireLeads';
    await seedTable(azurite.connectionString, table, [...TYPED, ...generateSampleEntities({ count: 40, seed: 5 })] as never);
    const client = tableClient(accessFor(azurite.connectionString, table), table);
    const reference = await throughSdk(tableClientFor(azurite.connectionString, table));

    const read: SourceEntity[] = [];
    const tokens: string[] = [];
    let token: string | null = null;
    do {
      const page = await fetchEntityPage(client, { continuationToken: token, pageSize: 7 });
      expect(page.entities.length).toBeLessThanOrEqual(7);
      expect(Date.parse(page.serverTime!)).not.toBeNaN();
      read.push(...page.entities);
      token = page.continuationToken;
      if (token) tokens.push(token);
    } while (token);
    expect(read).toEqual(reference);
    expect(read.find((e) => e.rowKey === '1')!.properties).toMatchObject({ Big: '9007199254740993', Small: 12, Ratio: 1.5, Flag: true, Empty: '' });
    expect(read.find((e) => e.rowKey === '2')!.properties).toMatchObject({ When: '2026-11-02T10:11:12.345Z', Bytes: 'AAH+/w==' });

    // A pass saved mid-way by an older version (the SDK's token) resumes here, and the other way round.
    const sdkPages = tableClientFor(azurite.connectionString, table).listEntities().byPage({ maxPageSize: 7, continuationToken: tokens[2] });
    const sdkPage = (await sdkPages.next()).value as Record<string, unknown>[] & { continuationToken?: string };
    expect(sdkPage.map((e) => toSourceEntity(e))).toEqual(read.slice(21, 28));
    const resumed = await fetchEntityPage(client, { continuationToken: sdkPage.continuationToken!, pageSize: 7 });
    expect(resumed.entities).toEqual(read.slice(28, 35));
  });

  it('reads a filtered, narrowed query as the SDK does', async () => {
    const table = 'WireLeads';
    const client = tableClient(accessFor(azurite.connectionString, table), table);
    const queryOptions = { filter: "PartitionKey eq 'typed'", select: ['Timestamp', 'Small'] };
    const sdkPage = (await tableClientFor(azurite.connectionString, table).listEntities<Record<string, unknown>>({ queryOptions }).byPage({ maxPageSize: 2 }).next()).value as Record<string, unknown>[] & { continuationToken?: string };
    const page = await fetchEntityPage(client, { ...queryOptions, pageSize: 2 });
    expect(page.entities).toEqual(sdkPage.map((e) => toSourceEntity(e)));
    expect(page.entities.map((e) => Object.keys(e.properties))).toEqual([['Small'], []]);
    const rest = await fetchEntityPage(client, { ...queryOptions, continuationToken: page.continuationToken });
    expect(rest.entities).toHaveLength(1);
    expect(rest.continuationToken).toBeNull();
  });

  it('fails as the SDK fails, so every problem is named the same: a missing table, a wrong key', async () => {
    const sdkFailure = async (client: TableClient) => {
      try {
        await client.listEntities().byPage({ maxPageSize: 1 }).next();
      } catch (error) {
        return error;
      }
      throw new Error('the SDK read a page');
    };
    const access = accessFor(azurite.connectionString, 'NoSuchTable');
    const missing = await fetchEntityPage(tableClient(access, 'NoSuchTable'), {}).catch((error: unknown) => error);
    expect(classifyError(missing, access, 'table')).toEqual(classifyError(await sdkFailure(tableClient(access, 'NoSuchTable')), access, 'table'));
    expect(classifyError(missing, access, 'table').code).toBe('table-not-found');

    const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 7).toString('base64')}`);
    const denied = accessFor(wrongKey, 'WireLeads');
    const refused = await fetchEntityPage(tableClient(denied, 'WireLeads'), {}).catch((error: unknown) => error);
    const problem = classifyError(refused, denied, 'table');
    expect(problem).toEqual(classifyError(await sdkFailure(tableClient(denied, 'WireLeads')), denied, 'table'));
    expect(problem.code).not.toBe('unknown');
  });
});
