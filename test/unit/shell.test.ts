import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { badgeCountFromTitle } from '../../electron/shell/badge';
import { loadDataKey, machineFingerprint, type KeyFiles, type SafeStorageLike } from '../../electron/shell/dataKey';
import { allowPermission } from '../../electron/shell/permissions';
import { saveFilters } from '../../electron/shell/saveFilters';
import { appFileFor, contentTypeOf, isAppUrl, trustedSender } from '../../electron/shell/trust';
import { revealWindow, type RevealableWindow } from '../../electron/shell/windows';

describe('which pages are the app\'s own (IPC trust, permissions)', () => {
  it('trusts the app\'s own scheme only: not file: pages, the web, look-alike hosts or credentials in the URL', () => {
    expect(isAppUrl('app://lead-inbox/index.html')).toBe(true);
    expect(isAppUrl('app://lead-inbox/')).toBe(true);
    for (const url of [
      'file:///C:/Users/Ana/AppData/Local/Programs/Lead%20Inbox/resources/app.asar/out/renderer/index.html',
      'file:///opt/Lead%20Inbox/resources/app.asar/out/renderer/index.html',
      'https://evil.example/',
      'app://lead-inbox.evil.example/index.html',
      'app://evil/index.html',
      'app://user:pass@lead-inbox/index.html',
      'devtools://devtools',
      'not a url',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('serves a page\'s file from the window\'s folder, on Windows (drive letters, spaces) and POSIX', () => {
    const winRoot = 'C:\\Users\\Ana\\AppData\\Local\\Programs\\Lead Inbox\\resources\\app.asar\\out\\renderer';
    expect(appFileFor('app://lead-inbox/index.html', winRoot, path.win32)).toBe(`${winRoot}\\index.html`);
    expect(appFileFor('app://lead-inbox/', winRoot, path.win32)).toBe(`${winRoot}\\index.html`);
    expect(appFileFor('app://lead-inbox/app.js?v=1#x', '/opt/Lead Inbox/resources/app.asar/out/renderer', path.posix)).toBe('/opt/Lead Inbox/resources/app.asar/out/renderer/app.js');
    expect(appFileFor('app://lead-inbox/fonts/a%20b.woff2', '/app/100%/renderer', path.posix)).toBe('/app/100%/renderer/fonts/a b.woff2');
  });

  it('serves nothing outside it: climbing out, encoded separators, other origins', () => {
    for (const url of ['app://lead-inbox/..%2F..%2Fsecret', 'app://lead-inbox/a%5C..%5C..%5Cwin.ini', 'app://lead-inbox/x%00.html', 'app://other/index.html', 'file:///app/renderer/index.html']) {
      expect(appFileFor(url, '/app/renderer', path.posix), url).toBeNull();
    }
    // Dot segments, plain or encoded, are resolved by the URL itself: they cannot climb above the host.
    expect(appFileFor('app://lead-inbox/../../etc/passwd', '/app/renderer', path.posix)).toBe('/app/renderer/etc/passwd');
    expect(appFileFor('app://lead-inbox/%2e%2e/%2e%2e/etc/passwd', '/app/renderer', path.posix)).toBe('/app/renderer/etc/passwd');
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('C:\\x\\APP.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/file.bin')).toBe('application/octet-stream');
  });

  it('gives main.ts a sender predicate that refuses frameless events and other pages', () => {
    const trusted = trustedSender();
    expect(trusted({ senderFrame: { url: 'app://lead-inbox/index.html' } })).toBe(true);
    expect(trusted({ senderFrame: { url: 'file:///app/renderer/index.html' } })).toBe(false);
    expect(trusted({ senderFrame: null })).toBe(false);
  });
});

describe('window permissions', () => {
  it('lets the app\'s own page write to the clipboard (its Copy buttons) and nothing else', () => {
    expect(allowPermission('clipboard-sanitized-write', 'app://lead-inbox/index.html', isAppUrl)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example/', isAppUrl)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', 'file:///app/renderer/index.html', isAppUrl)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', undefined, isAppUrl)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal']) {
      expect(allowPermission(permission, 'app://lead-inbox/index.html', isAppUrl)).toBe(false);
    }
  });
});

describe('second launch', () => {
  const fakeWindow = (state: { minimized: boolean; visible: boolean; destroyed?: boolean }) => {
    const calls: string[] = [];
    const window: RevealableWindow = {
      isDestroyed: () => state.destroyed ?? false,
      isMinimized: () => state.minimized,
      isVisible: () => state.visible,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    };
    return { window, calls };
  };

  it('restores a minimised window, shows a hidden one, and focuses it', () => {
    const minimised = fakeWindow({ minimized: true, visible: true });
    expect(revealWindow(minimised.window)).toBe(true);
    expect(minimised.calls).toEqual(['restore', 'focus']);
    const hidden = fakeWindow({ minimized: false, visible: false });
    revealWindow(hidden.window);
    expect(hidden.calls).toEqual(['show', 'focus']);
    expect(revealWindow(undefined)).toBe(false);
    expect(revealWindow(fakeWindow({ minimized: false, visible: true, destroyed: true }).window)).toBe(false);
  });
});

describe('the data key behind saved credentials', () => {
  const xor = (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a));
  function keychain(options: { available?: boolean; backend?: string; broken?: boolean; rotated?: string } = {}): SafeStorageLike {
    return {
      isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
      getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
      encryptStringAsync: (plain) => Promise.resolve(xor(Buffer.from(`${options.rotated ?? ''}${plain}`))),
      decryptStringAsync: (data) => {
        if (options.broken) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.'));
        const text = xor(data).toString();
        const stale = options.rotated !== undefined && !text.startsWith(options.rotated);
        return Promise.resolve({ result: stale ? text : text.slice(options.rotated?.length ?? 0), shouldReEncrypt: stale });
      },
    };
  }
  const KEY_FILE = 'C:\\Users\\Ana\\AppData\\Roaming\\Lead Inbox\\credentials.key';
  const PASSPHRASE_FILE = 'C:\\Users\\Ana\\AppData\\Roaming\\Lead Inbox\\credentials.passphrase.json';
  function memoryFiles(initial: Record<string, Buffer> = {}) {
    const files = new Map(Object.entries(initial));
    const api: KeyFiles = {
      exists: (file) => files.has(file),
      read: (file) => files.get(file)!,
      write: (file, data) => void files.set(file, data),
      rename: (from, to) => {
        files.set(to, files.get(from)!);
        files.delete(from);
      },
    };
    return { files, api };
  }
  const input = { userData: 'C:\\Users\\Ana\\AppData\\Roaming\\Lead Inbox', path: path.win32, randomKey: () => Buffer.alloc(32, 7), now: () => new Date('2026-12-02T10:00:00Z'), machine: machineFingerprint('ANA-LAPTOP', 'ana') };

  it('makes a key once, records which computer made it, and reads it back with the keychain', async () => {
    const { files, api } = memoryFiles();
    const first = await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain(), files: api });
    expect(first).toEqual({ kind: 'keychain', key: Buffer.alloc(32, 7) });
    expect([...files.keys()].sort()).toEqual([KEY_FILE, `${KEY_FILE}.json`]);
    expect(files.get(`${KEY_FILE}.json`)!.toString()).not.toMatch(/ANA-LAPTOP|ana/);
    const again = await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain(), files: api, randomKey: () => Buffer.alloc(32, 9) });
    expect(again).toEqual({ kind: 'keychain', key: Buffer.alloc(32, 7) });
  });

  it('encrypts the key again when the keychain says its own key was rotated, and keeps the same data key', async () => {
    const { files, api } = memoryFiles();
    const file = KEY_FILE;
    await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain(), files: api });
    const before = files.get(file);
    const rotated = await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain({ rotated: 'v2:' }), files: api, randomKey: () => Buffer.alloc(32, 9) });
    expect(rotated).toEqual({ kind: 'keychain', key: Buffer.alloc(32, 7) });
    expect(files.get(file)).not.toEqual(before);
    expect([...files.keys()].sort()).toEqual([file, `${file}.json`]);
    const after = await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain({ rotated: 'v2:' }), files: api, randomKey: () => Buffer.alloc(32, 9) });
    expect(after).toEqual({ kind: 'keychain', key: Buffer.alloc(32, 7) });
  });

  it('never replaces the key when the keychain is locked or refuses: nothing changes, and it says to unlock and start again', async () => {
    const { files, api } = memoryFiles();
    await loadDataKey({ ...input, platform: 'darwin', safeStorage: keychain(), files: api });
    const before = new Map(files);
    const locked = await loadDataKey({ ...input, platform: 'darwin', safeStorage: keychain({ broken: true }), files: api });
    expect(locked).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/locked, or access was denied\. Unlock it .* start Lead Inbox again\. .*nothing was changed/) });
    expect(files).toEqual(before);
    // Unlocked, the same key opens again: the saved credentials were never lost.
    expect(await loadDataKey({ ...input, platform: 'darwin', safeStorage: keychain(), files: api })).toEqual({ kind: 'keychain', key: Buffer.alloc(32, 7) });
  });

  it('replaces the key only when it is provably unusable: made on another computer, or damaged; the old file kept aside', async () => {
    const { files, api } = memoryFiles();
    await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain(), files: api });
    const elsewhere = await loadDataKey({ ...input, machine: machineFingerprint('NEW-PC', 'ana'), platform: 'win32', safeStorage: keychain({ broken: true }), files: api, randomKey: () => Buffer.alloc(32, 8) });
    expect(elsewhere).toMatchObject({ kind: 'keychain', key: Buffer.alloc(32, 8), notice: expect.stringMatching(/made on another computer.*enter each destination's credential again/) });
    expect(files.has(`${KEY_FILE}.unreadable-2026-12-02T10-00-00-000Z`)).toBe(true);

    const damaged = memoryFiles({ [KEY_FILE]: Buffer.from('old') });
    const result = await loadDataKey({ ...input, platform: 'darwin', safeStorage: keychain({ broken: true }), files: damaged.api });
    expect(result).toMatchObject({ kind: 'keychain', notice: expect.stringMatching(/damaged/) });
    expect(damaged.files.get(`${KEY_FILE}.unreadable-2026-12-02T10-00-00-000Z`)?.toString()).toBe('old');
  });

  it('keeps the protection once chosen: a keychain gone since explains instead of switching to a passphrase, and a passphrase stays', async () => {
    const { files, api } = memoryFiles();
    await loadDataKey({ ...input, platform: 'linux', safeStorage: keychain(), files: api });
    const gone = await loadDataKey({ ...input, platform: 'linux', safeStorage: keychain({ backend: 'basic_text' }), files: api });
    expect(gone).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/protected by the system keychain, which does not answer now .*--password-store/) });
    expect(files.has(KEY_FILE)).toBe(true);

    const chosen = memoryFiles({ [PASSPHRASE_FILE]: Buffer.from('{}') });
    const kept = await loadDataKey({ ...input, platform: 'win32', safeStorage: keychain(), files: chosen.api });
    expect(kept).toEqual({ kind: 'passphrase', file: PASSPHRASE_FILE, reason: expect.stringMatching(/passphrase you chose .* stay so/) });
    expect(chosen.files.has(KEY_FILE)).toBe(false);
  });

  it('on Linux without a keyring, asks for a passphrase, with the --password-store way out, never a well-known password', async () => {
    for (const safeStorage of [keychain({ backend: 'basic_text' }), keychain({ available: false })]) {
      const { files, api } = memoryFiles();
      const result = await loadDataKey({ ...input, userData: '/home/ana/.config/Lead Inbox', path: path.posix, platform: 'linux', safeStorage, files: api });
      expect(result).toMatchObject({ kind: 'passphrase', file: '/home/ana/.config/Lead Inbox/credentials.passphrase.json' });
      expect(result.kind === 'passphrase' && result.reason).toMatch(/--password-store=gnome-libsecret/);
      expect(files.size).toBe(0);
    }
  });
});

describe('the save dialog', () => {
  it('offers the file type of what is saved: an export, or a backup of the archive', () => {
    expect(saveFilters('csv')).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
    expect(saveFilters('xlsx')).toEqual([{ name: 'XLSX', extensions: ['xlsx'] }]);
    expect(saveFilters('db')).toEqual([{ name: 'Lead Inbox archive', extensions: ['db'] }]);
  });
});

describe('the app badge', () => {
  it('shows the count of arrived leads the window puts in its title, and nothing otherwise', () => {
    expect(badgeCountFromTitle('(3) Lead Inbox')).toBe(3);
    expect(badgeCountFromTitle('(1204) Lead Inbox')).toBe(1204);
    expect(badgeCountFromTitle('Lead Inbox')).toBe(0);
    expect(badgeCountFromTitle('Lead Inbox (3)')).toBe(0);
    expect(badgeCountFromTitle('(x) Lead Inbox')).toBe(0);
  });
});
