import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { destinationFromRequest } from '../../electron/core/azure/destination';
import { generateSampleEntities } from '../../electron/core/sample';
import { openArchive } from '../../electron/core/store';
import { loadSyncState } from '../../electron/core/store/syncState';
import { syncDestination } from '../../electron/core/sync';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { expectArchiveComplete, expectArchiveEqualsTable, indexDefinitions } from '../support/archiveCompare';
import { seedTable, tableClientFor } from '../../electron/dev/seed';
import { useTempDir } from '../helpers/tmp';
import { newestTimestamp, waitForServiceClock } from '../support/serviceClock';

let azurite: Azurite;
const tempDir = useTempDir();

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

function tableDestination(table: string) {
  return destinationFromRequest({ kind: 'table', connectionString: azurite.connectionString, tableName: table });
}

describe('table sync against Azurite', () => {
  it('copies a table fully, then picks up only added and updated entities, keeping triage', async () => {
    const table = 'MarketplaceLeads';
    const entities = [...generateSampleEntities({ count: 3500, seed: 21 })];
    await seedTable(azurite.connectionString, table, entities.slice(0, 3000));
    const client = tableClientFor(azurite.connectionString, table);
    // The pass's watermark is the service's Date header (whole seconds); a later pass looks back 1 s from it.
    // So the seed must lie more than 2 s before the first pass begins, by the service's clock.
    await waitForServiceClock(client, (await newestTimestamp(client)) + 2000);
    const archive = openArchive(join(tempDir(), 'leads.db'));
    const { destination, secret } = tableDestination(table);
    const progress: number[] = [];
    const indexing: string[] = [];
    const first = await syncDestination(archive, destination, secret, {
      onProgress: (p) => (p.indexing ? indexing.push(`${p.indexing.built}/${p.indexing.of} at ${p.entities}`) : progress.push(p.entities)),
    });
    expect(first).toMatchObject({ mode: 'full', inserted: 3000, updated: 0, total: 3000, pages: 3, cancelled: false });
    expect(progress).toEqual([1000, 2000, 3000]);
    // A first load into an empty archive builds the secondary indexes, then its running counts, once at
    // the end, and says so.
    const fresh = openArchive(':memory:');
    const steps = indexDefinitions(fresh).filter((index) => index.sql !== null && index.name !== 'leads_identity').length + 1;
    expect(indexing).toEqual(Array.from({ length: steps }, (_, i) => `${i + 1}/${steps} at 3000`));
    fresh.close();
    expectArchiveComplete(archive);
    expect(loadSyncState(archive, destination.id)).toMatchObject({ continuation: null, passStartedAt: null });
    expect(loadSyncState(archive, destination.id).watermark).not.toBeNull();
    await expectArchiveEqualsTable(archive, destination.id, azurite.connectionString, table);

    const triaged = archive.findLeadId(destination.id, entities[10]!.PartitionKey!, entities[10]!.RowKey!)!;
    archive.updateTriage(triaged, { status: 'qualified', notes: 'Keep me' });

    await seedTable(azurite.connectionString, table, entities.slice(3000));
    await client.updateEntity({ partitionKey: entities[10]!.PartitionKey!, rowKey: entities[10]!.RowKey!, Description: 'Updated after the first sync' }, 'Merge');
    await client.updateEntity({ partitionKey: entities[20]!.PartitionKey!, rowKey: entities[20]!.RowKey!, NewProperty: 'hello' }, 'Merge');

    // Everything here was written seconds ago, so the default 5-minute look-back would re-read it all.
    const second = await syncDestination(archive, destination, secret, {
      overlapMs: 1000,
      onProgress: (p) => expect(p.indexing, 'an archive with leads keeps its indexes').toBeUndefined(),
    });
    expect(second).toMatchObject({ mode: 'incremental', inserted: 500, updated: 2, total: 3500 });
    expect(second.entities).toBeLessThan(600);
    await expectArchiveEqualsTable(archive, destination.id, azurite.connectionString, table);
    expect(archive.getLead(triaged)).toMatchObject({ description: 'Updated after the first sync', triage: { status: 'qualified', notes: 'Keep me' } });

    // Past the second pass's watermark and its look-back: the third pass finds nothing new or changed.
    await waitForServiceClock(client, Date.parse(loadSyncState(archive, destination.id).watermark!) + 2000);
    const third = await syncDestination(archive, destination, secret, { overlapMs: 1000 });
    expect(third).toMatchObject({ mode: 'incremental', inserted: 0, updated: 0, total: 3500 });
    archive.close();
  });

  it('keeps malformed entities, unknown properties, huge strings and Int64 values whole', async () => {
    const table = 'OddLeads';
    const huge = 'ü'.repeat(30_000);
    const odd = [
      { PartitionKey: 'p', RowKey: '1', LeadSource: 'SPZA-INS|a.b', CustomerInfo: '{"FirstName": "Broken"' },
      { PartitionKey: 'p', RowKey: '2', CustomerInfo: '{"Email":"no-source@contoso.com"}' },
      { PartitionKey: 'p', RowKey: '3', LeadSource: 'SPZA-PLT|a.b', Description: huge, Mystery: 'x', Seats: 12, Big: 9007199254740993n, Flag: true },
      { PartitionKey: 'p', RowKey: '4' },
    ];
    await seedTable(azurite.connectionString, table, odd as never);
    const archive = openArchive(join(tempDir(), 'odd.db'));
    const { destination, secret } = tableDestination(table);
    expect(await syncDestination(archive, destination, secret)).toMatchObject({ inserted: 4 });
    const lead = (rk: string) => archive.getLead(archive.findLeadId(destination.id, 'p', rk)!)!;
    expect(lead('1')).toMatchObject({ customerInfoStatus: 'invalid', raw: { CustomerInfo: '{"FirstName": "Broken"' } });
    expect(lead('2')).toMatchObject({ leadSourceRaw: '', email: 'no-source@contoso.com' });
    expect(lead('3').description).toHaveLength(30_000);
    expect(lead('3').raw).toMatchObject({ Mystery: 'x', Seats: 12, Big: '9007199254740993', Flag: true });
    expect(lead('4')).toMatchObject({ customerInfoStatus: 'missing', piiWithheld: true });
    archive.close();
  });

  it('finds the table when its name differs only in case', async () => {
    await seedTable(azurite.connectionString, 'CaseLeads', [...generateSampleEntities({ count: 5, seed: 3 })]);
    const archive = openArchive(join(tempDir(), 'case.db'));
    const { destination, secret } = tableDestination('caseleads');
    expect(await syncDestination(archive, destination, secret)).toMatchObject({ inserted: 5 });
    archive.close();
  });

  it('stops at a page boundary when cancelled and resumes there', async () => {
    const table = 'CancelLeads';
    await seedTable(azurite.connectionString, table, [...generateSampleEntities({ count: 2500, seed: 8 })]);
    const archive = openArchive(join(tempDir(), 'cancel.db'));
    const { destination, secret } = tableDestination(table);
    const abort = new AbortController();
    const first = await syncDestination(archive, destination, secret, {
      signal: abort.signal,
      onProgress: (p) => p.pages === 1 && abort.abort(),
    });
    expect(first).toMatchObject({ cancelled: true, inserted: 1000, total: 1000 });
    expect(loadSyncState(archive, destination.id).continuation).not.toBeNull();
    // Everything here was written seconds ago, so the default 5-minute look-back would re-read it all.
    const second = await syncDestination(archive, destination, secret, {
      overlapMs: 1000,
      onProgress: (p) => expect(p.indexing, 'an archive with leads keeps its indexes').toBeUndefined(),
    });
    expect(second).toMatchObject({ mode: 'resumed', inserted: 1500, total: 2500, cancelled: false });
    await expectArchiveEqualsTable(archive, destination.id, azurite.connectionString, table);
    archive.close();
  });
});
