import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleEntities } from '../../electron/core/sample';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable, tableClientFor } from '../../electron/dev/seed';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

let azurite: Azurite;
let app: WindowServer;
let page: Page;
let destinationId: string;

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 30, seed: 23 }));
  app = await startWindowServer('e2e-background');
  const service = app.mode.service;
  destinationId = service.useDestination({ kind: 'table', connectionString: azurite.connectionString, tableName: 'MarketplaceLeads' }, { keepSecret: true }).id;
  // 1.2 s instead of the window's 5 / 15 / 60 minutes, through the same setting.
  service.setSyncSchedule(destinationId, 0.02);
  // As `lead-inbox serve` and the desktop app do when they start.
  service.startBackgroundSync();
  page = await app.newPage();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await azurite?.stop();
});

describe('leads that arrive by themselves, in Chromium', () => {
  it('shows a new lead without a click, counts it in the window and its title, and shows it newest first', async () => {
    await page.goto(app.mode.server.url);
    await page.getByRole('status', { name: 'Row count' }).getByText(/^\d+ leads$/).waitFor();
    await page.waitForFunction(() => document.title === 'Lead Inbox');

    await tableClientFor(azurite.connectionString, 'MarketplaceLeads').createEntity({
      partitionKey: '20261202',
      rowKey: 'arrived-while-open',
      LeadSource: 'AzureMarketplace-INS|contoso.analytics',
      ActionCode: 'INS',
      OfferDisplayName: 'Contoso Analytics',
      CreatedTime: new Date().toISOString(),
      CustomerInfo: JSON.stringify({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.example', Company: 'Analytical Engines', Country: 'GB' }),
    });
    const arrived = page.getByRole('button', { name: '1 new lead' });
    await arrived.waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('(1) Lead Inbox');
    await page.screenshot({ path: join(SHOTS, '40-lead-arrived.png') });

    await arrived.click();
    await arrived.waitFor({ state: 'detached' });
    expect(await page.title()).toBe('Lead Inbox');
    await page.getByRole('row').nth(1).getByText('ada@analytical.example').waitFor();
  });

  it('warns, in the row and the toolbar, when delivery was not checked since the offer changed', async () => {
    await page.getByRole('button', { name: 'Destinations' }).click();
    const row = page.getByRole('list', { name: 'Destinations' }).getByRole('listitem').first();
    await row.getByText('Health settings').click();
    const today = new Date().toISOString().slice(0, 10);
    await row.getByLabel('I last changed the offer on (optional)').fill(today);
    const health = row.getByRole('list', { name: /^Health of / });
    await health.getByText(`The offer changed on ${today}`, { exact: false }).waitFor();
    await health.getByText(/What to do: In Partner Center, .*press Validate/).waitFor();
    await page.getByRole('button', { name: /Destinations · 1 needs attention/ }).waitFor();
    await page.screenshot({ path: join(SHOTS, '42-destination-health.png') });
    expect(app.mode.service.listProfiles()[0]!.healthSettings.offerChangedAt).toBe(`${today}T00:00:00.000Z`);
  });

  it('shows a destination that stopped working in its row, with what to do and when it tries again', async () => {
    // The account's key is rotated: the same endpoint now answers to another key only.
    const ports = azurite.ports;
    await azurite.stop();
    azurite = await startAzurite({ ports, accountKey: Buffer.from('a rotated key, 32 bytes or more!').toString('base64') });
    const row = page.getByRole('list', { name: 'Destinations' }).getByRole('listitem').first();
    await row.getByText(/The last (\d+ )?syncs? failed/).waitFor({ timeout: 30_000 });
    await row.getByText(/What to do: .*key/i).waitFor();
    await row.getByText(/Trying again (now|in \d+ min), less often while it fails\./).waitFor();
    // The row says it; a banner at every scheduled retry would nag.
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await row.getByRole('combobox', { name: 'Sync by itself' }).inputValue()).toBe('0.02');
    await page.screenshot({ path: join(SHOTS, '41-destination-failing.png') });

    await row.getByRole('combobox', { name: 'Sync by itself' }).selectOption({ label: 'Every hour' });
    await expect.poll(() => app.mode.service.listProfiles()[0]!.schedule.everyMinutes).toBe(60);
  });
});
