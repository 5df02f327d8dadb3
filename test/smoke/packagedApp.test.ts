import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/store';
import { sampleLeads } from '../helpers/leads';
import { packagedAppCandidates, smokeTarget } from './packagedApp';

/**
 * The packaged app, started as a user starts it (Playwright's _electron), on a temporary profile holding a
 * generated archive: its window must show the leads and answer a call through the preload. The release
 * workflow runs this on each platform before anything is published. Where no packaged app can start (this
 * development machine cannot download Electron), the test is skipped with the reason as its name.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const LEADS = 1_000;
const target = smokeTarget({ env: process.env, platform: process.platform, root: ROOT, exists: existsSync });
/** The release workflow sets it: there a smoke test that cannot start the app fails instead of skipping. */
const required = process.env.LEAD_INBOX_SMOKE_REQUIRED === '1';
const profiles: string[] = [];
afterAll(() => profiles.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the packaged app, started with Playwright\'s _electron', () => {
  it.skipIf('notRun' in target && !required)('notRun' in target ? `not run here: ${target.notRun}` : `starts ${target.app} on a temporary profile, shows the archive's leads and answers through the preload`, async () => {
    if ('notRun' in target) throw new Error(`The packaged app could not be started: ${target.notRun}.`);
    const profile = mkdtempSync(join(tmpdir(), 'lead-inbox-smoke-'));
    profiles.push(profile);
    const archive = openArchive(join(profile, 'leads.db'));
    archive.upsertLeads(sampleLeads(LEADS, 45));
    archive.close();

    // No keyring on a CI runner: Linux would otherwise wait on one; the app then asks for a passphrase instead.
    const app = await _electron.launch({ executablePath: target.app, args: process.platform === 'linux' ? ['--password-store=basic'] : [], env: { ...process.env, LEAD_INBOX_DATA_DIR: profile }, timeout: 90_000 });
    try {
      const window = await app.firstWindow();
      const rows = window.getByRole('status', { name: 'Row count' });
      await expect.poll(async () => Number(((await rows.textContent()) ?? '').replace(/\D/g, '')), { timeout: 60_000 }).toBeGreaterThan(0);
      const info = await window.evaluate(() => (window as unknown as { leadInbox: { archiveInfo(request: object): Promise<{ ok: boolean; value?: { leads: number; file: string } }> } }).leadInbox.archiveInfo({}));
      expect(info).toMatchObject({ ok: true, value: { leads: LEADS } });
      expect(path.normalize(info.value!.file)).toBe(path.normalize(join(profile, 'leads.db')));
      const versions = await app.evaluate(({ app: electronApp }) => ({ packaged: electronApp.isPackaged, electron: process.versions.electron }));
      expect(versions).toEqual({ packaged: true, electron: (createRequire(import.meta.url)('electron/package.json') as { version: string }).version });
      const shots = join(ROOT, 'test-results', 'smoke');
      mkdirSync(shots, { recursive: true });
      await window.screenshot({ path: join(shots, `${process.platform}-${process.arch}.png`) });
    } finally {
      await app.close();
    }
  }, 180_000);
});

describe('where the smoke test finds the packaged app', () => {
  it('in release/ per platform, or where LEAD_INBOX_PACKAGED_APP says, and says why when it cannot start one', () => {
    expect(packagedAppCandidates('C:\\src\\lead-inbox', 'win32', path.win32)[0]).toBe('C:\\src\\lead-inbox\\release\\win-unpacked\\Lead Inbox.exe');
    expect(packagedAppCandidates('/src', 'darwin', path.posix)[0]).toBe('/src/release/mac-arm64/Lead Inbox.app/Contents/MacOS/Lead Inbox');
    const linux = packagedAppCandidates('/src', 'linux', path.posix)[0]!;
    expect(linux).toBe('/src/release/linux-unpacked/lead-inbox');
    const place = { root: '/src', path: path.posix };
    expect(smokeTarget({ ...place, env: { DISPLAY: ':99' }, platform: 'linux', exists: (f) => f === linux })).toEqual({ app: linux });
    expect(smokeTarget({ ...place, env: {}, platform: 'linux', exists: (f) => f === linux })).toEqual({ notRun: expect.stringMatching(/no display .* xvfb-run/) });
    expect(smokeTarget({ ...place, env: {}, platform: 'linux', exists: () => false })).toEqual({ notRun: expect.stringMatching(/no packaged Lead Inbox in release\//) });
    expect(smokeTarget({ root: 'D:\\a\\lead-inbox', path: path.win32, env: { LEAD_INBOX_PACKAGED_APP: 'release/win-unpacked/Lead Inbox.exe' }, platform: 'win32', exists: () => true })).toEqual({ app: 'D:\\a\\lead-inbox\\release\\win-unpacked\\Lead Inbox.exe' });
    expect(smokeTarget({ ...place, env: { LEAD_INBOX_PACKAGED_APP: 'release/mac/Lead Inbox.app/Contents/MacOS/Lead Inbox' }, platform: 'darwin', exists: () => true })).toEqual({ app: '/src/release/mac/Lead Inbox.app/Contents/MacOS/Lead Inbox' });
    expect(smokeTarget({ ...place, env: { LEAD_INBOX_PACKAGED_APP: '/nope' }, platform: 'darwin', exists: () => false })).toEqual({ notRun: 'LEAD_INBOX_PACKAGED_APP names /nope, which does not exist' });
  });
});
