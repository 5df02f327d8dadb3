import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleLeads } from '../helpers/leads';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

let app: WindowServer;
let page: Page;

beforeAll(async () => {
  app = await startWindowServer('e2e-keyboard');
  app.archive.upsertLeads(sampleLeads(300, 44, 'table:contoso/marketplaceleads'));
  page = await app.newPage();
  await page.goto(app.mode.server.url);
  await page.getByRole('grid', { name: 'Leads' }).locator('[role="gridcell"]').first().waitFor();
}, 120_000);

afterAll(() => app?.close());

const grid = () => page.getByRole('grid', { name: 'Leads' });
const pane = () => page.getByRole('complementary', { name: 'Lead' });
/** The name the grid shows for its n-th lead (0 is the first), as the reading pane's heading writes it. */
async function nameInRow(n: number): Promise<string> {
  const headers = await grid().getByRole('columnheader').allInnerTexts();
  const cells = grid().locator(`#lead-row-${n} [role="gridcell"]`);
  const cell = (header: string) => cells.nth(headers.findIndex((text) => text.startsWith(header))).innerText();
  return `${await cell('First name')} ${await cell('Last name')}`.trim();
}
const focusedId = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
/** Whether the grid's n-th lead (in the Inbox view the window opens on) is marked read in the archive. */
function readOf(n: number): boolean {
  const inbox = app.mode.service.listViews().find((view) => view.id === 'inbox')!;
  return app.mode.service.queryLeads(inbox.query, { offset: n, limit: 1 }).rows[0]!.read;
}

describe('the keyboard and the reading pane, in Chromium', () => {
  it('shows a lead with one click, and follows j/k and the arrows as a reading pane', async () => {
    await grid().locator('#lead-row-1').click();
    await pane().getByRole('heading', { level: 2, name: await nameInRow(1) }).waitFor();
    await page.keyboard.press('j');
    await pane().getByRole('heading', { level: 2, name: await nameInRow(2) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await pane().getByRole('heading', { level: 2, name: await nameInRow(3) }).waitFor();
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await pane().getByRole('heading', { level: 2, name: await nameInRow(1) }).waitFor();
    await page.screenshot({ path: join(SHOTS, '43-reading-pane.png') });
  });

  it('draws the columns in view only, and scrolls the active cell into view as the arrows move it', async () => {
    const row = grid().locator('#lead-row-1');
    await row.click();
    const headers = await grid().getByRole('columnheader').allInnerTexts();
    // At 1280 px the grid is narrower than its columns: the last ones are not drawn until scrolled to.
    expect(await row.getByRole('gridcell').count()).toBeLessThan(headers.length);
    for (let i = 0; i < headers.length; i++) await page.keyboard.press('ArrowRight');
    const active = row.locator('.active-cell');
    await expect.poll(() => active.getAttribute('aria-colindex')).toBe(String(headers.length));
    const [cell, view] = await Promise.all([active.boundingBox(), grid().boundingBox()]);
    expect(cell!.x + cell!.width).toBeLessThanOrEqual(view!.x + view!.width + 1);
    expect(await row.locator('[aria-colindex="1"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '44-scrolled-right.png') });
    for (let i = 0; i < headers.length; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => row.locator('[aria-colindex="1"]').count()).toBe(1);
    expect(await grid().evaluate((element) => element.scrollLeft)).toBe(0);
  });

  it('marks a lead read once it has been shown a moment, not each lead passed over', async () => {
    app.mode.service.setTriage({ query: { test: 'all' } }, { read: false });
    await grid().locator('#lead-row-5').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await pane().getByRole('heading', { level: 2, name: await nameInRow(7) }).waitFor();
    await expect.poll(() => readOf(7), { timeout: 5000 }).toBe(true);
    expect(readOf(6)).toBe(false);
  });

  it('moves into the lead with Enter, to its status with s; / searches, e exports, ? lists every shortcut', async () => {
    await grid().focus();
    await page.keyboard.press('Enter');
    await expect.poll(focusedId).toBe('lead-detail');
    await page.keyboard.press('s');
    const status = pane().getByRole('group', { name: 'Status' });
    await expect.poll(() => status.locator('button:focus').getAttribute('aria-pressed')).toBe('true');

    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('searchbox');
    // Keys typed into the search box are text, not shortcuts.
    await page.keyboard.type('e?');
    expect(await page.getByRole('searchbox', { name: 'Search leads' }).inputValue()).toBe('e?');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('');

    await grid().focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('cell', { name: 'Next lead (shown in the reading pane)' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '44-shortcuts.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await grid().focus();
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Export leads' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Export leads' }).waitFor({ state: 'detached' });
  });

  it('scrolls by reusing its row elements, each showing the lead at its place', async () => {
    const scroller = grid();
    const scrollTo = (top: number) =>
      scroller.evaluate((element, to) => new Promise((resolve) => {
        element.scrollTop = to;
        requestAnimationFrame(() => requestAnimationFrame(resolve));
      }), top);
    // Off the top first: the rows drawn above the view (overscan) appear only then.
    await scrollTo(10 * 32);
    await scroller.evaluate((element) => {
      (window as unknown as { rowsBefore: Set<Element> }).rowsBefore = new Set(element.querySelectorAll('[role="row"][aria-rowindex]'));
    });
    // Fifty rows further down, ten a frame, as a fast wheel or a dragged scroll bar moves it.
    for (let step = 2; step <= 6; step++) await scrollTo(step * 10 * 32);
    const inbox = app.mode.service.listViews().find((view) => view.id === 'inbox')!;
    const lead = app.mode.service.queryLeads(inbox.query, { offset: 62, limit: 1 }).rows[0]!;
    await expect.poll(() => nameInRow(62)).toBe(`${lead.firstName} ${lead.lastName}`.trim());
    // A row scrolled out of view is the element that shows a row scrolling in: none are made for scrolling.
    const made = await scroller.evaluate((element) => {
      const before = (window as unknown as { rowsBefore: Set<Element> }).rowsBefore;
      return [...element.querySelectorAll('[role="row"][aria-rowindex]')].filter((row) => !before.has(row)).length;
    });
    expect(made).toBe(0);
    await page.screenshot({ path: join(SHOTS, '44-scrolled-down.png') });
    await scroller.evaluate((element) => (element.scrollTop = 0));
  });

  it('tells assistive technology which keys each control answers to', async () => {
    expect(await page.getByRole('searchbox', { name: 'Search leads' }).getAttribute('aria-keyshortcuts')).toBe('/ Control+F');
    expect(await page.getByRole('button', { name: 'Export', exact: true }).getAttribute('aria-keyshortcuts')).toBe('E');
    expect(await page.getByRole('button', { name: 'Shortcuts' }).getAttribute('aria-keyshortcuts')).toBe('Shift+?');
  });
});
