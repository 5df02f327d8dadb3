import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../electron/core/service';
import { generateSampleEntities } from '../../electron/core/sample';
import { openArchive } from '../../electron/core/store';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { bridgeToCore } from '../../electron/shell/coreBridge';
import type { CoreWorkerData } from '../../electron/workerProtocol';
import { sampleLeads } from '../helpers/leads';

const CORE_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'coreWorker.cjs');
let azurite: Azurite;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-quit-'));
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 30_000, seed: 33 }));
}, 180_000);
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('quitting the desktop app while the core works', () => {
  it('waits for the running sync and export to cancel and clean up: no sync claim, no partial file, the archive closed', async () => {
    const archivePath = join(dir, 'leads.db');
    const archive = openArchive(archivePath);
    archive.upsertLeads(sampleLeads(150_000, 9));
    archive.close();
    const exports = join(dir, 'exports');
    mkdirSync(exports);

    const events: ServiceEvent[] = [];
    const workerData: CoreWorkerData = { archivePath, dataKey: { kind: 'keychain', key: new Uint8Array(32).fill(5) }, nativeBinding: null, network: { proxy: null, noProxy: null, extraCertificates: [] } };
    const worker = new Worker(CORE_WORKER, { workerData });
    const core = bridgeToCore(worker, {
      onEvent: ({ event }) => events.push(event),
      chooseFile: () => Promise.resolve(join(exports, 'leads.csv')),
      onStopped: () => undefined,
    });
    const added = await core.call('profiles:add', { request: { kind: 'table', connectionString: azurite.connectionString } });
    expect(added).toMatchObject({ ok: true, value: { profile: { id: expect.any(String) } } });
    const id = (added as { value: { profile: { id: string } } }).value.profile.id;

    void core.call('sync:start', { id });
    void core.call('export:start', { exportId: 'quit-test', query: { test: 'all' }, format: 'csv' });
    await expect.poll(() => events.some((e) => e.type === 'sync:progress') && events.some((e) => e.type === 'export:progress'), { timeout: 30_000, interval: 10 }).toBe(true);
    // Both are running now, with their claim taken and their partial file open.
    expect(events.filter((e) => e.type === 'work:changed').at(-1)).toMatchObject({ syncs: 1, exports: 1 });
    expect(readdirSync(exports).some((name) => name.endsWith('.partial'))).toBe(true);

    const started = Date.now();
    await core.stop();
    expect(Date.now() - started).toBeLessThan(5_000);

    expect(readdirSync(exports)).toEqual([]);
    expect(existsSync(`${archivePath}-wal`)).toBe(false);
    const db = new Database(archivePath, { readonly: true });
    try {
      expect(db.prepare('SELECT running_by FROM sync_state WHERE running_by IS NOT NULL').all()).toEqual([]);
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
