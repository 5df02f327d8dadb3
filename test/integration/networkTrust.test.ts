import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../electron/core/azure/network';
import type { ServiceEvent } from '../../electron/core/service';
import { generateSampleEntities } from '../../electron/core/sample';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { bridgeToCore } from '../../electron/shell/coreBridge';
import type { CoreWorkerData } from '../../electron/workerProtocol';
import { runCli } from '../helpers/cli';
import { makeTestCa, startInterceptingProxy, type InterceptingProxy, type TestCa } from '../support/interceptingProxy';

const CORE_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'coreWorker.cjs');
const LEADS = 240;
let dir: string;
let azurite: Azurite;
let ca: TestCa;
let proxy: InterceptingProxy;
/** An https endpoint that only the inspecting proxy answers: every request must go through it. */
let connectionString: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-network-'));
  ca = makeTestCa(dir);
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: LEADS, seed: 61 }));
  proxy = await startInterceptingProxy(ca, azurite.ports.table);
  connectionString = `DefaultEndpointsProtocol=https;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=https://127.0.0.1:9/${DEV_ACCOUNT};`;
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const leadsIn = (db: string) => {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

describe('behind a company proxy that inspects HTTPS', () => {
  it('the CLI says the network\'s certificate is not trusted, and what to do, without the company root', async () => {
    const before = proxy.connects.length;
    const result = await runCli(['sync', '--connection-string', connectionString, '--db', join(dir, 'cli-untrusted.db')], { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: '' });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/Problem \(untrusted-certificate\): The network's certificate for 127\.0\.0\.1:9 is not trusted/);
    expect(result.stderr).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(proxy.connects.length).toBeGreaterThan(before);
  });

  it('the CLI syncs through HTTPS_PROXY once NODE_EXTRA_CA_CERTS names the company root', async () => {
    const before = proxy.connects.length;
    const db = join(dir, 'cli-trusted.db');
    const result = await runCli(['sync', '--connection-string', connectionString, '--db', db], { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(result.code, result.stderr).toBe(0);
    expect(leadsIn(db)).toBe(LEADS);
    expect(proxy.connects.slice(before)).toContain('127.0.0.1:9');
  });

  /** The desktop app's core, started as main.ts starts it, with the network settings main.ts works out. */
  async function appCore(name: string, network: NetworkSettings) {
    const archivePath = join(dir, `${name}.db`);
    const workerData: CoreWorkerData = { archivePath, dataKey: { kind: 'keychain', key: new Uint8Array(32).fill(7) }, nativeBinding: null, network };
    const events: ServiceEvent[] = [];
    const core = bridgeToCore(new Worker(CORE_WORKER, { workerData }), { onEvent: ({ event }) => events.push(event), chooseFile: () => Promise.resolve(null), onStopped: () => undefined });
    return { core, archivePath, events };
  }

  it('the app\'s core, given the system\'s proxy but not the company root, says the same when the destination is added', async () => {
    const { core } = await appCore('app-untrusted', { proxy: proxy.url, noProxy: null, extraCertificates: [] });
    try {
      const added = await core.call('profiles:add', { request: { kind: 'table', connectionString } });
      expect(added).toMatchObject({ ok: true, value: { profile: null, diagnosis: { ok: false, problem: { code: 'untrusted-certificate' } } } });
    } finally {
      await core.stop();
    }
  });

  it('the app\'s core syncs through the system\'s proxy trusting the system store\'s company root', async () => {
    const before = proxy.connects.length;
    const { core, archivePath, events } = await appCore('app-trusted', { proxy: proxy.url, noProxy: null, extraCertificates: [ca.caPem] });
    try {
      const added = await core.call('profiles:add', { request: { kind: 'table', connectionString } });
      expect(added).toMatchObject({ ok: true, value: { diagnosis: { ok: true } } });
      // A new destination is synced by the background schedule at once; a sync asked for beside it waits its turn.
      const id = (added as { value: { profile: { id: string } } }).value.profile.id;
      await core.call('sync:start', { id });
      await expect.poll(() => events.find((e) => e.type === 'sync:finished'), { timeout: 30_000 }).toMatchObject({ result: { inserted: LEADS } });
      expect(events.filter((e) => e.type === 'sync:failed')).toEqual([]);
    } finally {
      await core.stop();
    }
    expect(leadsIn(archivePath)).toBe(LEADS);
    expect(proxy.connects.length).toBeGreaterThan(before);
  });

  it('NO_PROXY sends a host around the proxy: straight to 127.0.0.1:9, where nothing answers', async () => {
    const before = proxy.connects.length;
    const { core } = await appCore('app-bypass', { proxy: proxy.url, noProxy: '127.0.0.1', extraCertificates: [ca.caPem] });
    try {
      const added = await core.call('profiles:add', { request: { kind: 'table', connectionString } });
      expect(added).toMatchObject({ ok: true, value: { diagnosis: { ok: false, problem: { code: 'offline' } } } });
    } finally {
      await core.stop();
    }
    expect(proxy.connects.length).toBe(before);
  });
});
