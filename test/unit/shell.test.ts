import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { badgeCountFromTitle } from '../../electron/shell/badge';
import { loadDataKey, machineFingerprint, type KeyFiles, type SafeStorageLike } from '../../electron/shell/dataKey';
import { allowPermission } from '../../electron/shell/permissions';
import { saveFilters } from '../../electron/shell/saveFilters';
import { filePathOfUrl, isAppUrl, trustedSender } from '../../electron/shell/trust';
import { revealWindow, type RevealableWindow } from '../../electron/shell/windows';

describe('which pages are the app\'s own (IPC trust)', () => {
  const winRoot = 'C:\\Users\\Ana\\AppData\\Local\\Programs\\Lead Inbox\\resources\\app.asar\\out\\renderer';
  const winPage = 'file:///C:/Users/Ana/AppData/Local/Programs/Lead%20Inbox/resources/app.asar/out/renderer/index.html';

  it('turns file URLs into the platform\'s paths', () => {
    expect(filePathOfUrl(winPage, path.win32)).toBe(`${winRoot}\\index.html`);
    expect(filePathOfUrl('file://server/share/app/index.html', path.win32)).toBe('\\\\server\\share\\app\\index.html');
    expect(filePathOfUrl('file:///opt/Lead%20Inbox/resources/app.asar/out/renderer/index.html', path.posix)).toBe('/opt/Lead Inbox/resources/app.asar/out/renderer/index.html');
    expect(filePathOfUrl('file:///C:/app/..%2F..%2Fx', path.win32)).toBeNull();
    expect(filePathOfUrl('https://example.com/', path.posix)).toBeNull();
  });

  it('trusts the app\'s page on Windows (drive letters, spaces, any case) and on POSIX', () => {
    expect(isAppUrl(winPage, winRoot, path.win32)).toBe(true);
    expect(isAppUrl(winPage.replace('C:/Users/Ana', 'c:/users/ana'), winRoot, path.win32)).toBe(true);
    expect(isAppUrl('file:///opt/Lead%20Inbox/resources/app.asar/out/renderer/index.html', '/opt/Lead Inbox/resources/app.asar/out/renderer', path.posix)).toBe(true);
    expect(isAppUrl('file:///Applications/Lead%20Inbox.app/Contents/Resources/app.asar/out/renderer/index.html', '/Applications/Lead Inbox.app/Contents/Resources/app.asar/out/renderer', path.posix)).toBe(true);
  });

  it('refuses everything else: other folders, look-alike prefixes, other drives, the web', () => {
    expect(isAppUrl('file:///C:/Users/Ana/Downloads/evil.html', winRoot, path.win32)).toBe(false);
    expect(isAppUrl(winPage.replace('/out/renderer/', '/out/renderer-evil/'), winRoot, path.win32)).toBe(false);
    expect(isAppUrl(winPage.replace('file:///C:', 'file:///D:'), winRoot, path.win32)).toBe(false);
    expect(isAppUrl('file:///app/renderer-evil/index.html', '/app/renderer', path.posix)).toBe(false);
    expect(isAppUrl('file:///app/renderer/../secret.html', '/app/renderer', path.posix)).toBe(false);
    for (const url of ['https://evil.example/', 'devtools://devtools', 'not a url', 'file://host/app/renderer/index.html']) expect(isAppUrl(url, '/app/renderer', path.posix)).toBe(false);
  });

  it('gives main.ts a sender predicate that refuses frameless events', () => {
    const trusted = trustedSender(winRoot, path.win32);
    expect(trusted({ senderFrame: { url: winPage } })).toBe(true);
    expect(trusted({ senderFrame: null })).toBe(false);
  });
});

describe('window permissions', () => {
  const isApp = (url: string) => isAppUrl(url, '/app/renderer', path.posix);
  it('lets the app\'s own page write to the clipboard (its Copy buttons) and nothing else', () => {
    expect(allowPermission('clipboard-sanitized-write', 'file:///app/renderer/index.html', isApp)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example/', isApp)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', undefined, isApp)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal']) {
      expect(allowPermission(permission, 'file:///app/renderer/index.html', isApp)).toBe(false);
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
