import axe from 'axe-core';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncAttempt } from '../../electron/core/store';
import { SHOTS, startWindowServer, type WindowServer } from '../helpers/windowServer';

/** WCAG 2.0 and 2.1, levels A and AA, and axe's best practices, as the audit that found the faults ran. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const SERIOUS = new Set(['moderate', 'serious', 'critical']);
/** Findings judged wrong, each with the reason. None so far. */
const ALLOWED: ReadonlyMap<string, string> = new Map();

let app: WindowServer;

beforeAll(async () => {
  app = await startWindowServer('axe');
}, 60_000);
afterAll(() => app?.close());

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: string[];
}

/** axe-core over the page as it is now; the violations of impact moderate or worse that are not allowed. */
async function scan(page: Page, state: string): Promise<Violation[]> {
  await page.screenshot({ path: join(SHOTS, `axe-${state}.png`) });
  const violations = (await page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, TAGS)) as Violation[];
  return violations.filter((v) => v.impact !== null && SERIOUS.has(v.impact) && !ALLOWED.has(v.id)).map((v) => ({ ...v, nodes: v.nodes.map((n) => `${state}: ${n}`) }));
}

/** A fresh page in the given theme; the window's CSP forbids inline scripts, so axe comes in through the test's own channel. */
async function openPage(colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await app.newPage({ colorScheme, bypassCSP: true });
  await page.addInitScript({ content: axe.source });
  await page.goto(app.mode.server.url);
  return page;
}

describe('accessibility audit (axe-core) of every screen, in light and dark', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`finds no violation of impact moderate or worse (${theme})`, async () => {
      const found: Violation[] = [];
      if (app.archive.countLeads() > 0) app.mode.service.removeSampleLeads();
      const page = await openPage(theme);
      await page.getByRole('heading', { name: 'Welcome to Lead Inbox' }).waitFor();
      found.push(...(await scan(page, `${theme}-first-run`)));

      await page.getByRole('button', { name: 'Try with sample data' }).click();
      await page.getByRole('grid', { name: 'Leads' }).locator('[role="gridcell"]').first().waitFor();
      found.push(...(await scan(page, `${theme}-inbox`)));

      await page.getByRole('grid', { name: 'Leads' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('complementary', { name: 'Lead' }).getByRole('heading', { level: 2 }).waitFor();
      found.push(...(await scan(page, `${theme}-detail`)));

      await page.getByRole('button', { name: 'Export', exact: true }).first().click();
      await page.getByRole('dialog', { name: 'Export leads' }).waitFor();
      found.push(...(await scan(page, `${theme}-export-dialog`)));
      await page.getByRole('dialog', { name: 'Export leads' }).getByRole('combobox', { name: 'For' }).selectOption('marketo');
      await page.getByRole('dialog', { name: 'Export leads' }).getByRole('checkbox', { name: 'Keep test leads' }).waitFor();
      found.push(...(await scan(page, `${theme}-export-dialog-crm`)));
      await page.getByRole('dialog', { name: 'Export leads' }).getByRole('button', { name: 'Close' }).click();

      await page.getByRole('grid', { name: 'Leads' }).focus();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      found.push(...(await scan(page, `${theme}-shortcuts`)));
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Overview' }).click();
      await page.getByRole('region', { name: 'Overview' }).waitFor();
      found.push(...(await scan(page, `${theme}-overview`)));
      await page.getByRole('button', { name: 'Overview' }).click();

      await page.getByText('Columns', { exact: true }).click();
      await page.getByRole('group', { name: 'Visible columns' }).waitFor();
      found.push(...(await scan(page, `${theme}-columns-menu`)));
      await page.getByText('Columns', { exact: true }).click();

      // A saved destination's row: its schedule, a failure, a health warning and its settings.
      const { id } = app.mode.service.useDestination(
        { kind: 'table', connectionString: `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${Buffer.from('k'.repeat(64)).toString('base64')};EndpointSuffix=core.windows.net` },
        { keepSecret: true },
      );
      app.mode.service.setHealthSettings(id, { quietDays: 30, offerChangedAt: '2026-01-01T00:00:00Z' });
      recordSyncAttempt(app.archive, id, new Date().toISOString(), { code: 'firewall', message: 'The storage firewall refused this computer.', fix: 'Allow its IP address.' });
      await page.getByRole('button', { name: /^Destinations/ }).click();
      await page.getByRole('form', { name: 'Add destination' }).waitFor();
      await page.getByText('Health settings').click();
      await page.getByText(/The last sync failed/).waitFor();
      found.push(...(await scan(page, `${theme}-destinations`)));
      app.mode.service.removeProfile(id);
      await page.context().close();

      expect(found).toEqual([]);
    }, 120_000);
  }
});
