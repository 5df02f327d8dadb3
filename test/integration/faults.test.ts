import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFromRequest } from '../../electron/core/azure/destination';
import { generateSampleEntities } from '../../electron/core/sample';
import { openArchive } from '../../electron/core/store';
import { syncDestination } from '../../electron/core/sync';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { readTable, seedTable } from '../../electron/dev/seed';
import { useTempDir } from '../helpers/tmp';

let azurite: Azurite;
let proxy: FaultProxy;
const tempDir = useTempDir();

beforeAll(async () => {
  azurite = await startAzurite();
  proxy = await startFaultProxy(azurite.tableEndpoint);
});
afterAll(async () => {
  await proxy?.close();
  await azurite?.stop();
});

describe('sync through a faulty network', () => {
  it('ends with archive == source despite dropped connections, 500/503 answers and latency', async () => {
    const table = 'FaultyLeads';
    await seedTable(azurite.connectionString, table, [...generateSampleEntities({ count: 6000, seed: 77 })]);
    proxy.setOptions({ dropRate: 0.15, errorRate: 0.15, maxLatencyMs: 40, seed: 5 });
    const { destination, secret } = destinationFromRequest({
      kind: 'table',
      accountName: DEV_ACCOUNT,
      accountKey: DEV_KEY,
      tableEndpoint: proxy.url,
      tableName: table,
    });
    const archive = openArchive(join(tempDir(), 'faulty.db'));
    let retries = 0;
    const result = await syncDestination(archive, destination, secret, { pageSize: 200, onRetry: () => retries++ });
    expect(result).toMatchObject({ inserted: 6000, total: 6000, cancelled: false });
    expect(proxy.stats.dropped).toBeGreaterThan(0);
    expect(proxy.stats.errors).toBeGreaterThan(0);
    expect(retries).toBeGreaterThan(0);

    const source = await readTable(azurite.connectionString, table);
    const keys = archive.db.prepare('SELECT partition_key || \'|\' || row_key AS k FROM leads').all() as { k: string }[];
    expect(new Set(keys.map((r) => r.k))).toEqual(new Set(source.keys()));
    expect(keys.length).toBe(source.size);
    archive.close();
    proxy.setOptions({});
  });
});
