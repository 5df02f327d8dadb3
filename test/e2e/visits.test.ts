import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEvent } from '../../electron/core/service';
import { sampleLeads } from '../helpers/leads';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

let app: WindowServer;

beforeAll(async () => {
  app = await startWindowServer('e2e-visits');
  app.archive.upsertLeads(sampleLeads(200, 51, 'table:contoso/marketplaceleads'));
}, 120_000);

afterAll(() => app?.close());

describe('new since the last visit, in Chromium', () => {
  it('marks and counts the leads that arrived while the window was closed, and marks a whole view read', async () => {
    const first = await app.newPage();
    await first.goto(app.mode.server.url);
    await first.getByRole('grid', { name: 'Leads' }).locator('[role="gridcell"]').first().waitFor();
    // The first visit: everything was there before the user looked.
    expect(await first.getByRole('tab', { name: /new since your last visit/ }).count()).toBe(0);
    expect(await first.locator('.grid-row.arrived').count()).toBe(0);
    await first.context().close();

    // While the window is closed, a cron sync (or watch) brings new leads, newer than the rest.
    const arrived = sampleLeads(12, 52, 'table:contoso/marketplaceleads').map((lead, i) => ({
      ...lead,
      rowKey: `arrived-${i}`,
      receivedAt: new Date(Date.now() - i * 60_000).toISOString(),
    }));
    app.archive.upsertLeads(arrived);
    const inbox = app.mode.service.listViews().find((view) => view.id === 'inbox')!;
    const newInInbox = app.mode.service.queryLeads({ ...inbox.query, arrivedAfterId: 200 }, { limit: 0 }).total;
    expect(newInInbox).toBeGreaterThan(0);

    const page = await app.newPage();
    await page.goto(app.mode.server.url);
    const tab = page.getByRole('tab', { name: `Inbox, ${newInInbox} new since your last visit` });
    await tab.waitFor();
    await expect.poll(() => page.locator('.grid-row.arrived').count()).toBe(newInInbox);
    expect(await page.locator('.grid-row.arrived').first().getByText('New since your last visit:').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '45-new-since-last-visit.png') });

    // What is marked is the view's leads only: the test leads the Inbox hides stay unread.
    const unreadTestLeads = app.mode.service.queryLeads({ test: 'test', unreadOnly: true }, { limit: 0 }).total;
    expect(unreadTestLeads).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => app.mode.service.queryLeads({ ...inbox.query, unreadOnly: true }, { limit: 0 }).total).toBe(0);
    expect(app.mode.service.queryLeads({ test: 'test', unreadOnly: true }, { limit: 0 }).total).toBe(unreadTestLeads);
  });

  it('a click on a new-lead notification opens that lead (the desktop shell\'s event, here sent through the page\'s event stream)', async () => {
    const page = await app.newPage();
    await page.goto(app.mode.server.url);
    await page.getByRole('grid', { name: 'Leads' }).locator('[role="gridcell"]').first().waitFor();
    const inbox = app.mode.service.listViews().find((view) => view.id === 'inbox')!;
    const oldest = app.mode.service.queryLeads({ ...inbox.query, sort: { column: 'receivedAt', direction: 'asc' } }, { limit: 1 }).rows[0]!;
    const name = [oldest.firstName, oldest.lastName].filter(Boolean).join(' ') || oldest.email;
    // main.ts sends the same event to the window when its notification is clicked; the page's event stream
    // may still be connecting, so it is sent until the page shows the lead.
    const heading = page.getByRole('complementary', { name: 'Lead' }).getByRole('heading', { name });
    await expect
      .poll(async () => {
        app.mode.server.publish({ type: 'app:open-lead', id: oldest.id } as unknown as ServiceEvent);
        return heading.count();
      }, { timeout: 20_000, interval: 250 })
      .toBe(1);
    expect(await page.getByRole('tab', { name: /^Inbox/ }).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: join(SHOTS, '46-notification-opens-lead.png') });
  });
});
