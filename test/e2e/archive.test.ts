import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/store';
import { sampleLeads } from '../helpers/leads';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

let app: WindowServer;
let page: Page;

beforeAll(async () => {
  app = await startWindowServer('e2e-archive');
  app.archive.upsertLeads(sampleLeads(1200, 33, 'table:contoso/marketplaceleads'));
  app.archive.updateTriage(5, { status: 'contacted', notes: 'Sent the brochure' });
  page = await app.newPage({ acceptDownloads: true });
}, 120_000);

afterAll(() => app?.close());

describe('your archive, in Chromium', () => {
  it('shows where the archive lives, backs it up to a download that opens as an archive, and checks it', async () => {
    await page.goto(app.mode.server.url);
    await page.getByRole('button', { name: 'Destinations' }).click();
    const entry = page.getByRole('region', { name: 'Your archive' });
    await entry.getByText('1,200 leads').waitFor();
    await entry.getByText(join(app.dir, 'leads.db')).waitFor();

    await entry.getByRole('button', { name: 'Back up archive…' }).click();
    const done = entry.getByRole('status');
    await done.getByText(/Backed up 1,200 leads \([\d.]+ MB\), checked\./).waitFor();
    await done.getByText(/Saved credentials were left out/).waitFor();
    await page.screenshot({ path: join(SHOTS, '30-archive-backed-up.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), done.getByRole('link', { name: 'Download the backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lead-inbox-backup-\d{4}-\d{2}-\d{2}\.db$/);
    const copy = join(app.dir, 'downloaded-backup.db');
    await download.saveAs(copy);
    const restored = openArchive(copy);
    expect(restored.countLeads()).toBe(1200);
    expect(restored.getLead(5)!.triage).toMatchObject({ status: 'contacted', notes: 'Sent the brochure' });
    restored.close();

    await entry.getByRole('button', { name: 'Check archive' }).click();
    await entry.getByRole('status').getByText('Sound: 1,200 leads, 1 with triage, 0 saved views.').waitFor();
    await page.screenshot({ path: join(SHOTS, '31-archive-checked.png') });
  });
});
