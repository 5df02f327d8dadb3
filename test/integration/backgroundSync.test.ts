import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openService, type LeadInboxService, type Profile, type ServiceEvent } from '../../electron/core/service';
import { KeyFileCipher } from '../../electron/core/secrets';
import { generateSampleEntities } from '../../electron/core/sample';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable, tableClientFor } from '../../electron/dev/seed';
import { CLI_BIN } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const started: Azurite[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const azurite of started.splice(0)) await azurite.stop();
});

async function azuriteWith(count: number, options: Parameters<typeof startAzurite>[0] = {}): Promise<Azurite> {
  const azurite = await startAzurite(options);
  started.push(azurite);
  if (count > 0) await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count, seed: 17 }));
  return azurite;
}

/** A lead arriving in the table as the marketplace writes it: real, or one of Microsoft's test leads. */
async function arrive(azurite: Azurite, email: string, options: { test?: boolean } = {}): Promise<void> {
  const name = options.test ? { FirstName: 'MSFT_TEST_638412345678901234', LastName: 'MSFT_TEST_638412345678901234' } : { FirstName: 'Ada', LastName: 'Lovelace' };
  await tableClientFor(azurite.connectionString, 'MarketplaceLeads').createEntity({
    partitionKey: '20261202',
    rowKey: `arrival-${email}`,
    LeadSource: 'AzureMarketplace-INS|contoso.analytics',
    ActionCode: 'INS',
    OfferDisplayName: 'Contoso Analytics',
    CreatedTime: '2026-12-02T09:30:00.0000000Z',
    CustomerInfo: JSON.stringify({ ...name, Email: email, Phone: '', Country: 'GB', Company: 'Analytical Engines', Title: 'CTO' }),
  });
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A service over a new archive with the table of `azurite` saved as a destination, its key kept. */
function serviceOver(azurite: Azurite, emit?: (event: ServiceEvent) => void): { service: LeadInboxService; id: string } {
  const dir = tempDir();
  const service = openService(join(dir, 'leads.db'), { cipher: new KeyFileCipher(join(dir, 'k.key')), emit });
  const { id } = service.useDestination({ kind: 'table', connectionString: azurite.connectionString, tableName: 'MarketplaceLeads' }, { keepSecret: true });
  return { service, id };
}

const INTERVAL = 0.02; // minutes: 1.2 s, through the same setting the window's 5 / 15 / 60 use

describe('background sync in the service (the desktop app and serve)', () => {
  it('syncs at once, then on schedule; a new lead arrives without a click and is announced once; never two syncs of one destination at once', async () => {
    const azurite = await azuriteWith(40);
    const events: ServiceEvent[] = [];
    const { service, id } = serviceOver(azurite, (event) => events.push(event));
    try {
      expect(service.setSyncSchedule(id, INTERVAL).schedule).toMatchObject({ everyMinutes: INTERVAL, nextSyncAt: null, failures: 0 });
      service.startBackgroundSync();
      const profile = () => service.listProfiles().find((p) => p.id === id)!;
      await until('the sync at start', () => profile().lastSyncAt);
      const firstCopy = events.length;
      // The first copy is the destination's history: no "new leads" for it.
      expect(events.filter((event) => event.type === 'leads:new')).toEqual([]);
      expect(service.queryLeads({ test: 'all' }).total).toBe(40);
      expect(Date.parse(profile().schedule.nextSyncAt!)).toBeGreaterThan(Date.now() - 1000);

      const arrivals = () => events.slice(firstCopy).filter((event) => event.type === 'leads:new');
      await arrive(azurite, 'ada@analytical.example');
      await arrive(azurite, 'test@microsoft.example', { test: true });
      const announced = await until('the new-lead event', () => arrivals()[0]);
      const ada = service.queryLeads({ text: 'ada@analytical.example' });
      expect(ada.total).toBe(1);
      // It names the new lead, so the notification opens it.
      expect(announced).toEqual({ type: 'leads:new', destinationId: id, count: 1, newestId: ada.rows[0]!.id });

      // The user presses Sync while the schedule runs: at most one sync of the destination at a time.
      const pressed = await Promise.allSettled(Array.from({ length: 5 }, () => service.syncProfile(id)));
      for (const outcome of pressed) if (outcome.status === 'rejected') expect(String(outcome.reason)).toMatch(/already syncing/);
      const finishedBefore = events.filter((event) => event.type === 'sync:finished').length;
      await until('two more scheduled syncs', () => events.filter((event) => event.type === 'sync:finished').length >= finishedBefore + 2);
      expect(arrivals()).toHaveLength(1);
      expect(service.queryLeads({ test: 'all' }).total).toBe(42);
    } finally {
      service.close();
    }
  }, 90_000);

  it('shows a destination whose key was rotated as failing, with what to do, and backs off; it recovers when it can read again', async () => {
    const first = await azuriteWith(10);
    const { service, id } = serviceOver(first);
    try {
      service.setSyncSchedule(id, INTERVAL);
      service.startBackgroundSync();
      const profile = (): Profile => service.listProfiles().find((p) => p.id === id)!;
      await until('the first sync', () => profile().lastSyncAt);

      // The account's key is rotated: the same endpoint now answers to another key only.
      await first.stop();
      started.splice(started.indexOf(first), 1);
      const rotated = await azuriteWith(0, { ports: first.ports, accountKey: Buffer.from('a rotated key, 32 bytes or more!').toString('base64') });
      const failing = await until('two failures', () => (profile().schedule.failures >= 2 ? profile() : undefined), 60_000);
      expect(failing.schedule.lastProblem).toMatchObject({ code: 'wrong-key' });
      expect(failing.schedule.lastProblem!.fix).toMatch(/key/i);
      // Backed off: after two failures the next try waits four intervals, not one.
      const wait = Date.parse(failing.schedule.nextSyncAt!) - Date.parse(failing.schedule.lastAttemptAt!);
      expect(wait).toBeGreaterThanOrEqual(4 * INTERVAL * 60_000 - 50);
      expect(failing.lastSyncAt).not.toBeNull();

      // The user enters the new key: the next sync succeeds and the failures are forgotten.
      await seedTable(rotated.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 3, seed: 5 }));
      service.useDestination({ kind: 'table', connectionString: rotated.connectionString, tableName: 'MarketplaceLeads' }, { keepSecret: true });
      await service.syncProfile(id);
      expect(profile().schedule).toMatchObject({ failures: 0, lastProblem: null });
    } finally {
      service.close();
    }
  }, 120_000);

  it('leaves a destination set to off alone', async () => {
    const azurite = await azuriteWith(5);
    const { service, id } = serviceOver(azurite);
    try {
      service.setSyncSchedule(id, 0);
      service.startBackgroundSync();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(service.listProfiles()[0]).toMatchObject({ lastSyncAt: null, schedule: { everyMinutes: 0, nextSyncAt: null, lastAttemptAt: null } });
    } finally {
      service.close();
    }
  });
});

describe('lead-inbox watch', () => {
  it('sums up the first copy, then prints one line per new real lead, and stops cleanly on Ctrl+C', async () => {
    const azurite = await azuriteWith(25);
    const db = join(tempDir(), 'leads.db');
    const child = spawn(process.execPath, [CLI_BIN, 'watch', '--every', String(INTERVAL), '--connection-string', azurite.connectionString, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await until('the first copy', () => /first copy: 25 leads/.test(stderr), 60_000);
    expect(stdout).toBe('');

    await arrive(azurite, 'ada@analytical.example');
    await arrive(azurite, 'test@microsoft.example', { test: true });
    await until('the new lead', () => stdout.includes('\n'));
    await until('one more sync', () => (stderr.match(/ synced: /g) ?? []).length >= 3);
    expect(stdout).toBe('2026-12-02 09:30 UTC\tAda Lovelace\tada@analytical.example\tContoso Analytics\n');
    expect(stderr).toMatch(/synced: 1 new real lead \(2 new, 0 updated\); next sync \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 90_000);
});
