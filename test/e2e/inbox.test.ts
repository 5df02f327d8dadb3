import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLeads, queryLeads } from '../../electron/core/inbox';
import { HOT_SCORE } from '../../electron/core/leads';
import { generateSampleEntities } from '../../electron/core/sample';
import { DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

const LEADS = 2500;
let azurite: Azurite;
/** A new, empty archive: the first run and the destination form. */
let fresh: WindowServer;
/** An archive synced from Azurite through the service: the inbox flows, each on a page of its own. */
let synced: WindowServer;

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: LEADS, seed: 606 }));
  fresh = await startWindowServer('e2e-fresh');
  synced = await startWindowServer('e2e-synced');
  const { profile } = await synced.mode.service.addProfile({ kind: 'table', connectionString: azurite.connectionString });
  await synced.mode.service.syncProfile(profile!.id);
}, 120_000);

afterAll(async () => {
  await fresh?.close();
  await synced?.close();
  await azurite?.stop();
});

/** A page of its own (its own storage) on a server's window, with the clipboard readable by the test. */
async function openPage(server: WindowServer): Promise<Page> {
  const page = await server.newPage({ acceptDownloads: true });
  await page.addInitScript(`
    if (navigator.clipboard) Object.defineProperty(navigator.clipboard, 'writeText', { value: (text) => { window.copied = text; return Promise.resolve(); } });
  `);
  await page.goto(server.mode.server.url);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const rowCount = async (page: Page) => Number((await page.getByRole('status', { name: 'Row count' }).textContent())!.replace(/\D/g, ''));

/** Waits until the status bar shows the count the archive itself gives for the same query. */
async function waitForRowCount(page: Page, expected: () => number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const want = expected();
    if (want >= 0 && (await rowCount(page)) === want) return;
    if (Date.now() > deadline) throw new Error(`row count stayed ${await rowCount(page)}, expected ${want}`);
    await page.waitForTimeout(100);
  }
}

/** The synced window showing all real leads, as a flow starts from it. */
async function allRealLeads(): Promise<Page> {
  const page = await openPage(synced);
  await page.getByRole('tab', { name: 'All real leads' }).click();
  await waitForRowCount(page, () => countLeads(synced.archive, { test: 'real' }));
  return page;
}

describe('first run and destinations, in Chromium (browser mode)', () => {
  it('offers sample data on first run and removes it in one step', async () => {
    const { archive } = fresh;
    const page = await openPage(fresh);
    await page.getByRole('heading', { name: 'Welcome to Lead Inbox' }).waitFor();
    await shot(page, '01-first-run');
    await page.getByRole('button', { name: 'Try with sample data' }).click();
    await waitForRowCount(page, () => (archive.countLeads() > 0 ? countLeads(archive, { test: 'real', doNotContact: 'exclude', statuses: ['new'] }) : -1));
    expect(await rowCount(page)).toBeGreaterThan(1000);
    await shot(page, '01b-sample-data');
    await page.getByRole('button', { name: 'Remove sample leads' }).click();
    await waitForRowCount(page, () => 0);
    expect(archive.countLeads()).toBe(0);
  });

  it('explains a wrong key, adds a good one, updates it, and syncs', async () => {
    const { archive, mode } = fresh;
    const page = await openPage(fresh);
    const form = page.getByRole('form', { name: 'Add destination' });
    const wrongKey = azurite.connectionString.replace(DEV_KEY, Buffer.alloc(64, 9).toString('base64'));
    await form.getByLabel('Connection string', { exact: true }).fill(wrongKey);
    await form.getByRole('button', { name: 'Test connection and add' }).click();
    await form.getByRole('alert').filter({ hasText: 'rejected the account key' }).waitFor();
    expect(await form.getByRole('alert').textContent()).toMatch(/What to do: .*Access keys/);
    await shot(page, '02-wrong-key');

    await form.getByLabel('Connection string', { exact: true }).fill(azurite.connectionString);
    await form.getByRole('button', { name: 'Test connection and add' }).click();
    await page.getByRole('list', { name: 'Destinations' }).getByText('MarketplaceLeads (devstoreaccount1)').waitFor();
    expect(await form.getByLabel('Connection string', { exact: true }).inputValue()).toBe('');
    await shot(page, '03-destination-added');

    // Updating the credential (a rotated key, an expired SAS) keeps the destination and its leads.
    await page.getByRole('list', { name: 'Destinations' }).getByRole('button', { name: 'Update' }).click();
    const update = page.getByRole('form', { name: 'Update destination' });
    await update.getByLabel('Connection string', { exact: true }).fill(wrongKey);
    await update.getByRole('button', { name: 'Test connection and update' }).click();
    await update.getByRole('alert').filter({ hasText: 'rejected the account key' }).waitFor();
    await update.getByLabel('Connection string', { exact: true }).fill(azurite.connectionString);
    await update.getByLabel('Name (optional)').fill('Contoso leads');
    await update.getByRole('button', { name: 'Test connection and update' }).click();
    await page.getByRole('list', { name: 'Destinations' }).getByText('Contoso leads').waitFor();
    expect(await page.getByRole('list', { name: 'Destinations' }).getByRole('listitem').count()).toBe(1);
    expect(mode.service.listProfiles()).toMatchObject([{ name: 'Contoso leads', hasSecret: true }]);
    await shot(page, '03b-destination-updated');

    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await waitForRowCount(page, () => (archive.countLeads() === LEADS ? countLeads(archive, { test: 'real', doNotContact: 'exclude', statuses: ['new'] }) : -1));
    expect(archive.countLeads()).toBe(LEADS);
    await page.getByRole('list', { name: 'Destinations' }).getByText(/· latest test lead/).waitFor();
    await shot(page, '04-synced');
  });
});

describe('working the inbox, in Chromium (browser mode)', () => {
  it('searches and filters, with the counts the archive gives', async () => {
    const { archive } = synced;
    const page = await allRealLeads();
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('contoso');
    const searched = countLeads(archive, { test: 'real', text: 'contoso' });
    await waitForRowCount(page, () => searched);
    await shot(page, '05-search');
    await page.getByRole('group', { name: /Action/ }).getByLabel('Contact me').check();
    const filtered = countLeads(archive, { test: 'real', text: 'contoso', actions: ['PLT'] });
    expect(filtered).toBeGreaterThan(0);
    await waitForRowCount(page, () => filtered);
    await shot(page, '06-facet');
  });

  it('sorts by a column and copies a cell and a row from the keyboard', async () => {
    const page = await allRealLeads();
    const grid = page.getByRole('grid', { name: 'Leads' });
    // Companies named in Latin letters, whose order SQLite's NOCASE and localeCompare agree on.
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('contoso');
    await waitForRowCount(page, () => countLeads(synced.archive, { test: 'real', text: 'contoso' }));
    await grid.getByRole('columnheader', { name: /Company/ }).getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('[role="columnheader"][aria-sort="ascending"]')?.textContent?.startsWith('Company'));
    // The header says ascending before the new rows arrive: wait for the rows themselves to be in order.
    const companyCells = async () => (await grid.locator('[role="row"][aria-rowindex] [role="gridcell"]:nth-child(6)').allTextContents()).filter(Boolean);
    const inOrder = (cells: string[]) => cells.length > 0 && cells.every((cell, i) => i === 0 || cells[i - 1]!.localeCompare(cell, 'en', { sensitivity: 'base' }) <= 0);
    await expect.poll(async () => inOrder(await companyCells()), { timeout: 10_000 }).toBe(true);
    const shown = await companyCells();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    await shot(page, '07-sorted');

    // Keyboard: arrows move the active cell, Ctrl+C copies it, Ctrl+Shift+C the row.
    await grid.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+c');
    const firstEmail = await grid.locator('[role="row"][aria-rowindex="2"] [role="gridcell"][aria-colindex="5"]').textContent();
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(firstEmail);
    await page.keyboard.press('Control+Shift+c');
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toContain(`\t${firstEmail}\t`);

  });

  it('opens a lead from the keyboard and triages it', async () => {
    const { archive } = synced;
    const before = countLeads(archive, { statuses: ['qualified'], test: 'all' });
    const page = await allRealLeads();
    const grid = page.getByRole('grid', { name: 'Leads' });
    await grid.locator('[role="gridcell"]').first().waitFor();
    await grid.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('complementary', { name: 'Lead' });
    await detail.getByRole('heading', { level: 2 }).waitFor();
    await detail.getByRole('button', { name: 'Qualified', exact: true }).click();
    await detail.getByRole('button', { name: 'Qualified', exact: true, pressed: true }).waitFor();
    expect(countLeads(archive, { statuses: ['qualified'], test: 'all' })).toBe(before + 1);
    await shot(page, '08-detail-qualified');
  });

  it('sorts by quality, best first, keeps to hot leads and explains a score in the detail pane', async () => {
    const { archive } = synced;
    const page = await allRealLeads();
    const grid = page.getByRole('grid', { name: 'Leads' });
    await grid.getByRole('columnheader', { name: /Quality/ }).getByRole('button').click();
    await page.waitForFunction(() => document.querySelector('[role="columnheader"][aria-sort="descending"]')?.textContent?.startsWith('Quality'));
    const scores = async () => (await grid.locator('[role="row"][aria-rowindex] [role="gridcell"]:nth-child(2)').allTextContents()).filter(Boolean).map((text) => Number.parseInt(text, 10));
    const best = queryLeads(archive, { test: 'real', sort: { column: 'quality', direction: 'desc' } }, { limit: 5 }).rows.map((row) => row.quality);
    await expect.poll(async () => (await scores()).slice(0, 5), { timeout: 10_000 }).toEqual(best);
    expect(best[0]).toBeGreaterThanOrEqual(HOT_SCORE);

    await page.getByLabel(/Hot leads/).check();
    const hot = countLeads(archive, { test: 'real', hot: true });
    expect(hot).toBeGreaterThan(0);
    expect(hot).toBeLessThan(countLeads(archive, { test: 'real' }));
    await waitForRowCount(page, () => hot);
    expect((await scores()).every((score) => score >= HOT_SCORE)).toBe(true);
    await expect.poll(async () => (await grid.locator('[role="row"][aria-rowindex="2"] .badge-hot').count())).toBe(1);

    await grid.locator('[role="row"][aria-rowindex="2"]').click();
    const detail = page.getByRole('complementary', { name: 'Lead' });
    const hint = detail.getByRole('region', { name: /^Quality \d+ of 100/ });
    await hint.waitFor();
    const reasons = await hint.getByRole('listitem').allTextContents();
    expect(reasons.length).toBeGreaterThanOrEqual(7);
    const heading = await hint.getByRole('heading').textContent();
    const shownScore = Number(/Quality (\d+) of 100/.exec(heading!)![1]);
    expect(shownScore).toBe(best[0]);
    expect(reasons.reduce((sum, reason) => sum + Number(/^(\d+)/.exec(reason)![1]), 0)).toBe(shownScore);
    await shot(page, '08b-quality');
  });

  it('exports exactly the view, triage included', async () => {
    const { archive, dir } = synced;
    const page = await allRealLeads();
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('contoso');
    await page.getByRole('group', { name: /Action/ }).getByLabel('Contact me').check();
    const view = { test: 'real' as const, text: 'contoso', actions: ['PLT'] };
    const filtered = countLeads(archive, view);
    await waitForRowCount(page, () => filtered);
    await page.getByRole('button', { name: 'Export', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Export leads' });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()]);
    const file = join(dir, 'exported.csv');
    await download.saveAs(file);
    const records = parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(filtered);
    expect(records.every((r) => r.Action === 'PLT')).toBe(true);
    expect(records.filter((r) => r.Status === 'qualified')).toHaveLength(countLeads(archive, { ...view, statuses: ['qualified'] }));
    await dialog.getByRole('status').waitFor();
    await shot(page, '09-exported');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it("picks a week in the overview, keeps a saved view's columns, and follows the dark theme", async () => {
    const page = await allRealLeads();
    const grid = page.getByRole('grid', { name: 'Leads' });
    await page.getByRole('button', { name: 'Overview' }).click();
    const weeks = page.getByRole('list', { name: 'Leads per week' }).getByRole('button');
    await weeks.first().waitFor({ state: 'attached' });
    const labels = await weeks.allTextContents();
    const busiest = labels.map((label) => /Week of (\S+): (\d+) leads/.exec(label)!).sort((a, b) => Number(b[2]) - Number(a[2]))[0]!;
    expect(Number(busiest[2])).toBeGreaterThan(0);
    await shot(page, '10-overview');
    // The week buttons are the chart's keyboard path: hidden until focused.
    await weeks.filter({ hasText: `Week of ${busiest[1]}:` }).focus();
    await page.keyboard.press('Enter');
    await waitForRowCount(page, () => Number(busiest[2]));

    // A saved view keeps its columns: hide Country, save, look elsewhere, come back.
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('group', { name: 'Visible columns' }).getByRole('checkbox', { name: 'Country' }).uncheck();
    // Reordering from the keyboard: Company moves one place left, before Email.
    await page.getByRole('button', { name: 'Move Company left' }).focus();
    await page.keyboard.press('Enter');
    const headers = await grid.getByRole('columnheader').allTextContents();
    expect(headers.findIndex((h) => h.startsWith('Company'))).toBe(headers.findIndex((h) => h.startsWith('Email')) - 1);
    page.once('dialog', (dialog) => void dialog.accept('Week without country'));
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('tab', { name: 'Week without country' }).waitFor();
    await page.evaluate(() => localStorage.clear());
    await page.getByRole('tab', { name: 'Inbox' }).click();
    await grid.getByRole('columnheader', { name: /Country/ }).waitFor();
    await page.getByRole('tab', { name: 'Week without country' }).click();
    await page.waitForFunction(() => ![...document.querySelectorAll('[role="columnheader"]')].some((h) => h.textContent?.startsWith('Country')));
    const saved = await grid.getByRole('columnheader').allTextContents();
    expect(saved.findIndex((h) => h.startsWith('Company'))).toBe(saved.findIndex((h) => h.startsWith('Email')) - 1);

    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(27, 29, 33)');
    await shot(page, '11-dark');
  }, 120_000);
});
