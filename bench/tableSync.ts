import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destinationFromRequest } from '../electron/core/azure/destination';
import { timestampFilter } from '../electron/core/azure/tableSource';
import { generateSampleEntities } from '../electron/core/sample';
import { KeyFileCipher, SecretStore } from '../electron/core/secrets';
import { LeadInboxService } from '../electron/core/service';
import { openArchive } from '../electron/core/store';
import { loadSyncState } from '../electron/core/store/syncState';
import { syncDestination, type SyncResult } from '../electron/core/sync';
import { DEFAULT_OVERLAP_MS } from '../electron/core/sync/tableSync';
import { startAzurite } from '../electron/dev/azurite';
import { seedTable, tableClientFor } from '../electron/dev/seed';
import type { Figure } from './harness';

const TABLE = 'MarketplaceLeads';
const OVERLAP_MS = 1000;

/** The floor: the SDK paging through the same query, doing nothing with what it gets. */
async function bareQuery(connectionString: string, filter?: string): Promise<{ ms: number; entities: number }> {
  const start = performance.now();
  let entities = 0;
  const pages = tableClientFor(connectionString, TABLE).listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 1000 });
  for await (const page of pages) entities += page.length;
  return { ms: performance.now() - start, entities };
}

/**
 * Full and incremental sync from Azurite against the bare SDK loop over the same table. Each contender
 * runs twice, alternating, and keeps its best time, so neither pays for the emulator warming up.
 */
export async function benchTableSync(count: number): Promise<Figure[]> {
  const azurite = await startAzurite();
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bench-sync-'));
  try {
    const seedStart = performance.now();
    await seedTable(azurite.connectionString, TABLE, generateSampleEntities({ count, seed: 77 }));
    console.log(`seeded ${count.toLocaleString('en-US')} entities into Azurite in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    // Lets every seeded Timestamp fall before the sync's watermark minus the overlap.
    await new Promise((r) => setTimeout(r, OVERLAP_MS + 1500));

    const { destination, secret } = destinationFromRequest({ kind: 'table', connectionString: azurite.connectionString, tableName: TABLE });
    let bareFull = Infinity;
    let syncFull = Infinity;
    let archivePath = '';
    for (let round = 0; round < 2; round++) {
      const bare = await bareQuery(azurite.connectionString);
      if (bare.entities !== count) throw new Error(`the bare loop read ${bare.entities} of ${count}`);
      bareFull = Math.min(bareFull, bare.ms);
      archivePath = join(dir, `round-${round}.db`);
      const archive = openArchive(archivePath);
      const result = await syncDestination(archive, destination, secret);
      archive.close();
      if (result.inserted !== count) throw new Error(`the sync inserted ${result.inserted} of ${count}`);
      syncFull = Math.min(syncFull, result.seconds * 1000);
    }

    const archive = openArchive(archivePath);
    // Seven rounds, the two taking turns to go first, and the medians: each takes about 100 ms, and the
    // best of three, the bare query always first, swung between 0.98 and 1.44 from run to run.
    const bareIncrementals: number[] = [];
    const syncIncrementals: number[] = [];
    for (let round = 0; round < 7; round++) {
      const { watermark } = loadSyncState(archive, destination.id);
      const filter = timestampFilter(new Date(Date.parse(watermark!) - OVERLAP_MS).toISOString());
      let bareEntities = -1;
      let result: SyncResult | undefined;
      const bare = async () => {
        const listed = await bareQuery(azurite.connectionString, filter);
        bareIncrementals.push(listed.ms);
        bareEntities = listed.entities;
      };
      const incremental = async () => {
        const start = performance.now();
        result = await syncDestination(archive, destination, secret, { overlapMs: OVERLAP_MS });
        syncIncrementals.push(performance.now() - start);
      };
      for (const contender of round % 2 === 0 ? [bare, incremental] : [incremental, bare]) await contender();
      if (result?.mode !== 'incremental' || result.entities !== bareEntities) {
        throw new Error(`incremental sync read ${result?.entities} entities (${result?.mode}); the bare query read ${bareEntities}`);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const bareIncremental = median(bareIncrementals);
    const syncIncremental = median(syncIncrementals);

    // A scheduled sync, as the app's scheduler runs it (the service: the sync's claim on its destination,
    // the attempt recorded for the schedule), after quiet minutes: Azurite cannot date writes back, so the
    // watermark is moved on past the service's 5-minute look-back instead, and nothing is new.
    const service = new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, 'bench.key'))));
    const { profile } = await service.addProfile({ kind: 'table', connectionString: azurite.connectionString, tableName: TABLE });
    if (profile?.id !== destination.id) throw new Error(`the service saved ${profile?.id}, not ${destination.id}`);
    // Seven rounds, the two taking turns to go first (the emulator speeds up as it warms); the medians.
    const bareScheduled: number[] = [];
    const syncScheduled: number[] = [];
    for (let round = 0; round < 7; round++) {
      const from = new Date(Date.now() + 1000).toISOString();
      archive.db.prepare('UPDATE sync_state SET watermark = ? WHERE destination_id = ?').run(new Date(Date.parse(from) + DEFAULT_OVERLAP_MS).toISOString(), destination.id);
      let bareEntities = -1;
      let result: SyncResult | undefined;
      const bare = async () => {
        const listed = await bareQuery(azurite.connectionString, timestampFilter(from));
        bareScheduled.push(listed.ms);
        bareEntities = listed.entities;
      };
      const scheduled = async () => {
        const start = performance.now();
        result = await service.syncProfile(destination.id, { background: true });
        syncScheduled.push(performance.now() - start);
      };
      for (const contender of round % 2 === 0 ? [bare, scheduled] : [scheduled, bare]) await contender();
      if (!result) throw new Error('the scheduled sync gave no result');
      if (result.mode !== 'incremental' || result.entities !== bareEntities) {
        throw new Error(`the scheduled sync read ${result.entities} entities (${result.mode}); the bare query read ${bareEntities}`);
      }
    }
    service.close();
    archive.close();

    const n = count.toLocaleString('en-US');
    const bareRate = (count / bareFull) * 1000;
    const syncRate = (count / syncFull) * 1000;
    return [
      { name: `full sync of ${n} entities from Azurite into a new archive (baseline, a floor: the bare listEntities loop, writing nothing)`, value: syncRate, unit: 'entities/s', baseline: bareRate, target: 'informational' },
      { name: 'full sync rate as a share of the bare loop\'s', value: syncRate / bareRate, unit: 'x', baseline: 1, target: '>= 0.9' },
      { name: `incremental sync, nothing new, ${n}-entity table, median of 7 (baseline, a floor: the bare query with the same Timestamp filter)`, value: syncIncremental, unit: 'ms', baseline: bareIncremental, target: 'informational' },
      { name: 'incremental sync time as a multiple of the bare query\'s', value: syncIncremental / bareIncremental, unit: 'x', baseline: 1, target: '<= 1.2' },
      { name: `scheduled sync through the service, nothing new, ${n}-entity table, median of 7 (baseline, a floor: the bare query with the same Timestamp filter)`, value: median(syncScheduled), unit: 'ms', baseline: median(bareScheduled), target: 'informational' },
      { name: 'scheduled sync time as a multiple of the bare query\'s', value: median(syncScheduled) / median(bareScheduled), unit: 'x', baseline: 1, target: '<= 1.2' },
    ];
  } finally {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
