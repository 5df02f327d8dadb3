import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORTED_DESTINATION } from '../../electron/core/imports';
import { countLeads } from '../../electron/core/inbox';
import { readWithPython } from '../helpers/consumers';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'imports');
let app: WindowServer;
let page: Page;

beforeAll(async () => {
  app = await startWindowServer('e2e-imports');
  page = await app.newPage({ acceptDownloads: true });
}, 120_000);

afterAll(() => app?.close());

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const rowCount = async () => Number((await page.getByRole('status', { name: 'Row count' }).textContent())!.replace(/\D/g, ''));

describe('importing lead files and handing them to a CRM, in Chromium', () => {
  it('imports payload files through the window, shows their leads, and exports them for Salesforce', async () => {
    await page.goto(app.mode.server.url);
    await page.getByRole('heading', { name: 'Welcome to Lead Inbox' }).waitFor();
    const imported = page.getByRole('region', { name: 'Imported files' });
    await imported.getByRole('button', { name: 'Import lead files…' }).waitFor();
    // The import's answer is held back until its leads have reached the grid (the refresh the archive pushes
    // on its own), as on a slow machine: those leads end the first run, and the report must still be shown.
    await page.route('**/api/imports:add', async (route) => {
      const response = await route.fetch();
      for (let i = 0; (await rowCount()) !== 4 && i < 100; i++) await page.waitForTimeout(100);
      await route.fulfill({ response });
    });
    // The button opens the picker; the test hands the picker its files, as a user choosing them would.
    await imported.getByLabel('Lead files to import').setInputFiles(['payloads-pascal.json', 'payloads-flow-history.jsonl', 'faq-test-lead.json'].map((name) => join(FIXTURES, name)));
    const report = imported.getByRole('status');
    await report.getByText('Imported 4 new leads.').waitFor();
    await report.getByText(/Line 14: not valid JSON: Expected ',' or '}' after property value; nothing in this file was imported\./).waitFor();
    await report.getByText(/Line 2: not valid JSON/).waitFor();
    expect(countLeads(app.archive, { destinationId: IMPORTED_DESTINATION, test: 'all' })).toBe(4);
    await shot('20-imported-files');

    await imported.getByRole('button', { name: 'Show imported leads' }).click();
    await page.getByText('Showing only the leads of imported files.').waitFor();
    const grid = page.getByRole('grid');
    await grid.getByText('kenji.sato@wingtip.jp').waitFor();
    for (let i = 0; (await rowCount()) !== 4 && i < 100; i++) await page.waitForTimeout(100);
    expect(await rowCount()).toBe(4);
    await shot('21-imported-leads');

    await page.getByRole('button', { name: 'Export', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Export leads' });
    await dialog.getByRole('combobox', { name: 'For' }).selectOption('salesforce');
    await shot('22-export-for-salesforce');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()]);
    const file = join(app.dir, 'salesforce.csv');
    await download.saveAs(file);
    await dialog.getByText(/Exported 4 leads for Salesforce \(Data Import Wizard, Leads\)/).waitFor();
    await shot('23-exported-for-salesforce');

    const [header, ...rows] = readWithPython(file);
    expect(header).toEqual(['First Name', 'Last Name', 'Company', 'Email', 'Phone', 'Title', 'Country', 'Lead Source', 'Email Opt Out', 'Description']);
    expect(rows.map((row) => row[3]).sort()).toEqual(['ana.silva@fabrikam.pt', 'kenji.sato@wingtip.jp', 'omar@northwind.ae', 'someone@contoso.com']);
    expect(rows.find((row) => row[3] === 'kenji.sato@wingtip.jp')).toEqual([
      'Kenji',
      'Sato',
      'Wingtip Toys KK',
      'kenji.sato@wingtip.jp',
      '',
      '部長',
      'JP',
      'AzureMarketplace-Create|wingtip.iot-edge',
      '0',
      expect.stringMatching(/^Needs a quote\nfor 40 devices\n\nMicrosoft commercial marketplace lead\nOffer: Wingtip IoT Edge \(wingtip\.iot-edge\)\nAction: Purchased \(Create\)\n/),
    ]);
  });
});
