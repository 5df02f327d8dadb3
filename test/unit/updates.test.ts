import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/store';
import {
  aboutDetail,
  CHECK_EVERY_MS,
  coreStoppedDialog,
  FIRST_CHECK_AFTER_MS,
  installDecision,
  mayCheck,
  nextCheckIn,
  relaunchOptions,
  updateErrorMessage,
  updateMenuItem,
  updateStatusLine,
  updateUnsupportedReason,
  type UpdatePhase,
} from '../../electron/shell/updates';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const installed = { packaged: true, appImage: undefined, packageType: null, hasFeed: true };
const ready: UpdatePhase = { kind: 'ready', version: '0.2.0' };
const idle = { syncs: 0, exports: 0 };

describe('which installs update themselves', () => {
  it('Windows (NSIS) and macOS installs with a feed do; a development build or one without a feed does not', () => {
    expect(updateUnsupportedReason({ ...installed, platform: 'win32' })).toBeNull();
    expect(updateUnsupportedReason({ ...installed, platform: 'darwin' })).toBeNull();
    expect(updateUnsupportedReason({ ...installed, platform: 'win32', packaged: false })).toMatch(/development build: it updates with its source checkout/);
    expect(updateUnsupportedReason({ ...installed, platform: 'darwin', hasFeed: false })).toMatch(/names no release feed/);
  });

  it('on Linux, the AppImage, the deb and the rpm do; an app unpacked from elsewhere says how to update instead', () => {
    expect(updateUnsupportedReason({ ...installed, platform: 'linux', appImage: '/home/ana/Apps/lead-inbox-0.1.0-x86_64.AppImage' })).toBeNull();
    expect(updateUnsupportedReason({ ...installed, platform: 'linux', packageType: 'deb' })).toBeNull();
    expect(updateUnsupportedReason({ ...installed, platform: 'linux', packageType: 'rpm' })).toBeNull();
    expect(updateUnsupportedReason({ ...installed, platform: 'linux' })).toMatch(/not installed from its AppImage, deb or rpm/);
    expect(updateUnsupportedReason({ ...installed, platform: 'linux', packageType: 'pacman' })).toMatch(/Install a newer release the way you installed this one/);
  });
});

describe('when to look for an update', () => {
  it('first half a minute after start, then every four hours from the last look, at once when overdue', () => {
    expect(nextCheckIn(null, 1_000)).toBe(FIRST_CHECK_AFTER_MS);
    expect(nextCheckIn(1_000, 1_000)).toBe(CHECK_EVERY_MS);
    expect(nextCheckIn(1_000, 1_000 + 60_000)).toBe(CHECK_EVERY_MS - 60_000);
    expect(nextCheckIn(1_000, 1_000 + CHECK_EVERY_MS * 3)).toBe(0);
    expect(CHECK_EVERY_MS).toBe(4 * 3600_000);
  });

  it('never while a look or a download runs, once an update waits, or where updates are not possible', () => {
    expect(mayCheck({ kind: 'idle' })).toBe(true);
    expect(mayCheck({ kind: 'current', checkedAt: '2026-12-07T10:00:00Z' })).toBe(true);
    expect(mayCheck({ kind: 'failed', message: 'offline' })).toBe(true);
    expect(mayCheck({ kind: 'checking' })).toBe(false);
    expect(mayCheck({ kind: 'downloading', version: '0.2.0', percent: 10 })).toBe(false);
    expect(mayCheck(ready)).toBe(false);
    expect(mayCheck({ kind: 'unsupported', reason: 'dev' })).toBe(false);
  });
});

describe('when restarting into the update is safe', () => {
  it('only with the update downloaded and no sync or export running, and says what it waits for', () => {
    expect(installDecision(ready, idle)).toEqual({ install: true });
    expect(installDecision({ kind: 'downloading', version: '0.2.0', percent: 50 }, idle)).toEqual({ install: false, why: 'No update has been downloaded yet.' });
    expect(installDecision(ready, { syncs: 1, exports: 0 })).toEqual({ install: false, why: 'Lead Inbox will restart to update when the sync running now has finished.' });
    expect(installDecision(ready, { syncs: 0, exports: 1 })).toEqual({ install: false, why: 'Lead Inbox will restart to update when the export running now has finished.' });
    expect(installDecision(ready, { syncs: 2, exports: 1 })).toEqual({ install: false, why: 'Lead Inbox will restart to update when the syncs and the export running now have finished.' });
  });
});

describe('what the menu and the About box say', () => {
  it('the menu item checks, shows the download, then restarts into the waiting version', () => {
    expect(updateMenuItem({ kind: 'idle' })).toEqual({ label: 'Check for Updates…', enabled: true, action: 'check' });
    expect(updateMenuItem({ kind: 'checking' })).toMatchObject({ enabled: false, action: 'none' });
    expect(updateMenuItem({ kind: 'downloading', version: '0.2.0', percent: 42.7 })).toEqual({ label: 'Downloading Lead Inbox 0.2.0 (42%)…', enabled: false, action: 'none' });
    expect(updateMenuItem(ready)).toEqual({ label: 'Restart to Update to 0.2.0', enabled: true, action: 'install' });
    expect(updateMenuItem({ kind: 'unsupported', reason: 'dev' })).toMatchObject({ enabled: false, action: 'none' });
  });

  it('the About box gives the versions, whether an update waits, and how to get the command line', () => {
    const text = aboutDetail({ version: '0.1.0', electron: '45.6.1', chrome: '154.0.7900.1', node: '24.22.3', platform: 'darwin', arch: 'arm64', phase: ready });
    expect(text).toMatch(/^Version 0\.1\.0 \(darwin-arm64\)\nElectron 45\.6\.1, Chromium 154\.0\.7900\.1, Node 24\.22\.3\n/);
    expect(text).toContain('Updates: 0.2.0 is downloaded and waiting. Restart to update (Help menu).');
    expect(text).toContain('npm install -g lead-inbox');
    expect(updateStatusLine({ kind: 'current', checkedAt: '2026-12-07T10:42:13.000Z' })).toBe('Updates: this is the newest version (checked 2026-12-07 10:42 UTC).');
  });

  it('shortens electron-updater\'s errors to what a user can act on', () => {
    expect(updateErrorMessage(new Error('getaddrinfo ENOTFOUND github.com'))).toBe('the update server could not be reached');
    expect(updateErrorMessage(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe('the update server could not be reached');
    expect(updateErrorMessage(new Error('HttpError: 404 \n"method: GET url: https://github.com/…/releases.atom"\nHeaders: {…}'))).toBe('no release was found');
    expect(updateErrorMessage(new Error(`Cannot parse releases feed: ${'x'.repeat(400)}`))).toHaveLength(158);
  });
});

describe('an archive from a newer Lead Inbox', () => {
  it('asks for the update, with the core\'s own words, and offers it where this install can update', () => {
    const file = join(tempDir(), 'newer.db');
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    let reason = '';
    try {
      openArchive(file).close();
    } catch (error) {
      reason = (error as Error).message;
    }
    const offered = coreStoppedDialog(reason, { kind: 'idle' });
    expect(offered).toMatchObject({ message: 'Update Lead Inbox to open this archive', buttons: ['Update Lead Inbox', 'Quit'], actions: ['update', 'quit'] });
    expect(offered.detail).toContain('schema 999');
    const manual = coreStoppedDialog(reason, { kind: 'unsupported', reason: 'Lead Inbox was not installed from its AppImage, deb or rpm, so it cannot update itself.' });
    expect(manual).toMatchObject({ buttons: ['Quit'], actions: ['quit'] });
    expect(manual.detail).toContain('cannot update itself');
    expect(manual.detail).not.toMatch(/reinstall|driver/);
  });

  it('any other stop offers a restart, never "reinstall it: its database driver may not fit"', () => {
    const other = coreStoppedDialog('it ended unexpectedly (exit code 1).', { kind: 'idle' });
    expect(other).toMatchObject({ message: 'Lead Inbox stopped working', buttons: ['Restart', 'Quit'], actions: ['restart', 'quit'] });
    expect(other.detail).not.toMatch(/database driver may not fit/);
  });
});

describe('restarting the app', () => {
  it('runs the AppImage file itself inside an AppImage (its mount is gone after exit), the executable elsewhere', () => {
    expect(relaunchOptions('linux', '/home/ana/Apps/Lead Inbox.AppImage', ['--password-store=kwallet6'])).toEqual({ execPath: '/home/ana/Apps/Lead Inbox.AppImage', args: ['--password-store=kwallet6'] });
    expect(relaunchOptions('linux', undefined, [])).toEqual({ args: [] });
    expect(relaunchOptions('win32', undefined, ['C:\\Users\\Ana\\leads.db'])).toEqual({ args: ['C:\\Users\\Ana\\leads.db'] });
    expect(relaunchOptions('darwin', '/tmp/stray', [])).toEqual({ args: [] });
  });
});
