import { AzureNamedKeyCredential, generateTableSas } from '@azure/data-tables';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleEntities, type SampleEntity } from '../../electron/core/sample';
import type { ServiceEvent } from '../../electron/core/service';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { bridgeToCore } from '../../electron/shell/coreBridge';
import { logCoreEvent } from '../../electron/shell/coreLog';
import { openLogFile } from '../../electron/shell/logFile';
import type { CoreWorkerData } from '../../electron/workerProtocol';

const CORE_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'coreWorker.cjs');
let dir: string;
let azurite: Azurite;
let entities: SampleEntity[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-applog-'));
  azurite = await startAzurite();
  entities = [...generateSampleEntities({ count: 300, seed: 77 })];
  await seedTable(azurite.connectionString, 'MarketplaceLeads', entities);
  await seedTable(azurite.connectionString, 'SasLeads', generateSampleEntities({ count: 50, seed: 78 }));
}, 120_000);
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the desktop app\'s log of its syncs', () => {
  it('says what each sync did and why one failed, and holds no account key, SAS signature or lead field', async () => {
    const logs = join(dir, 'logs');
    const log = openLogFile(logs);
    const events: ServiceEvent[] = [];
    const workerData: CoreWorkerData = { archivePath: join(dir, 'leads.db'), dataKey: { kind: 'keychain', key: new Uint8Array(32).fill(9) }, nativeBinding: null, network: { proxy: null, noProxy: null, extraCertificates: [] } };
    const core = bridgeToCore(new Worker(CORE_WORKER, { workerData }), {
      // As main.ts wires it: every core event passes the log.
      onEvent: ({ event }) => {
        events.push(event);
        logCoreEvent(log, event);
      },
      chooseFile: () => Promise.resolve(null),
      onStopped: (reason) => log.write('error', `core stopped: ${reason}`),
    });
    const sas = generateTableSas('SasLeads', new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY), { permissions: { query: true }, expiresOn: new Date(Date.now() + 3600_000) });
    const signature = new URLSearchParams(sas).get('sig')!;
    expect(signature.length).toBeGreaterThan(20);
    try {
      const byKey = await core.call('profiles:add', { request: { kind: 'table', connectionString: azurite.connectionString } });
      const bySas = await core.call('profiles:add', { request: { kind: 'table', sasUrl: `${azurite.tableEndpoint}/SasLeads?${sas}` } });
      expect(byKey).toMatchObject({ ok: true, value: { diagnosis: { ok: true } } });
      expect(bySas).toMatchObject({ ok: true, value: { diagnosis: { ok: true } } });
      for (const added of [byKey, bySas]) void core.call('sync:start', { id: (added as { value: { profile: { id: string } } }).value.profile.id });
      await expect.poll(() => new Set(events.filter((e) => e.type === 'sync:finished').map((e) => e.type === 'sync:finished' && e.result.destinationId)).size, { timeout: 30_000 }).toBe(2);
      // A key that was rotated: the failure goes to the log with what to do.
      const wrongKey = azurite.connectionString.replace(DEV_KEY, Buffer.alloc(64, 1).toString('base64'));
      const used = await core.call('profiles:add', { request: { kind: 'table', connectionString: wrongKey, tableName: 'MarketplaceLeads' } });
      expect(used).toMatchObject({ ok: true, value: { profile: null, diagnosis: { ok: false, problem: { code: 'wrong-key' } } } });
    } finally {
      await core.stop();
    }
    const text = readdirSync(logs).map((name) => readFileSync(join(logs, name), 'utf8')).join('');
    expect(text).toMatch(/INFO {2}sync done: table:devstoreaccount1\/marketplaceleads \(full\), 300 entities read, 300 new/);
    expect(text).toMatch(/INFO {2}sync done: table:devstoreaccount1\/sasleads/);
    expect(text).not.toContain(DEV_KEY);
    expect(text).not.toContain(signature);
    expect(text).not.toContain(encodeURIComponent(signature));
    const emails = entities.slice(0, 50).flatMap((entity) => {
      try {
        const email = (JSON.parse(String(entity.CustomerInfo)) as { Email?: string }).Email;
        return email ? [email] : [];
      } catch {
        return [];
      }
    });
    expect(emails.length).toBeGreaterThan(20);
    for (const email of emails) expect(text).not.toContain(email);
  }, 120_000);
});
