import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  autostartEntry,
  BACKGROUND_ARG,
  DEFAULT_SHELL_SETTINGS,
  loginItemSettings,
  onLastWindowClosed,
  parseShellSettings,
  startsHidden,
  trayMenu,
  unreadAfter,
} from '../../electron/shell/background';
import { newLeadsNotification } from '../../electron/shell/notifications';

describe('the app in the background', () => {
  it('keeps syncing when the window closes (the default), says so once, and quits when the user turned it off', () => {
    for (const platform of ['win32', 'linux', 'darwin']) {
      const first = onLastWindowClosed(platform, DEFAULT_SHELL_SETTINGS);
      expect(first.quit).toBe(false);
      expect(first.explain).toMatch(/keeps syncing .* Quit it from that icon's menu/);
      expect(onLastWindowClosed(platform, { ...DEFAULT_SHELL_SETTINGS, toldAboutBackground: true })).toEqual({ quit: false, explain: null });
    }
    expect(onLastWindowClosed('win32', DEFAULT_SHELL_SETTINGS).explain).toMatch(/notification area/);
    expect(onLastWindowClosed('darwin', DEFAULT_SHELL_SETTINGS).explain).toMatch(/menu bar/);
    expect(onLastWindowClosed('linux', DEFAULT_SHELL_SETTINGS).explain).toMatch(/no tray icons, start Lead Inbox again/);
    expect(onLastWindowClosed('win32', { ...DEFAULT_SHELL_SETTINGS, keepRunning: false })).toEqual({ quit: true, explain: null });
    expect(onLastWindowClosed('linux', { ...DEFAULT_SHELL_SETTINGS, keepRunning: false })).toEqual({ quit: true, explain: null });
    expect(onLastWindowClosed('darwin', { ...DEFAULT_SHELL_SETTINGS, keepRunning: false })).toEqual({ quit: false, explain: null });
  });

  it('reads its settings field by field, falling back to the defaults for a damaged or older file', () => {
    expect(parseShellSettings(null)).toEqual(DEFAULT_SHELL_SETTINGS);
    expect(parseShellSettings('{not json')).toEqual(DEFAULT_SHELL_SETTINGS);
    expect(parseShellSettings('[1]')).toEqual(DEFAULT_SHELL_SETTINGS);
    expect(parseShellSettings('{"keepRunning":false,"startAtLogin":"yes"}')).toEqual({ keepRunning: false, toldAboutBackground: false, startAtLogin: false });
  });

  it('starts with no window when started at sign-in', () => {
    expect(startsHidden(['C:\\Program Files\\Lead Inbox\\Lead Inbox.exe', BACKGROUND_ARG], false)).toBe(true);
    expect(startsHidden(['/Applications/Lead Inbox.app/Contents/MacOS/Lead Inbox'], true)).toBe(true);
    expect(startsHidden(['/usr/bin/lead-inbox'], false)).toBe(false);
  });

  it('counts new leads while no window shows them, for the badge and the tray', () => {
    expect(unreadAfter(3, { type: 'leads:new', count: 2 }, false)).toBe(5);
    expect(unreadAfter(3, { type: 'leads:new', count: 2 }, true)).toBe(3);
    expect(unreadAfter(3, { type: 'sync:finished' }, false)).toBe(3);
  });

  it('the tray menu: the count, Open, Sync Now, both settings, Quit', () => {
    const menu = trayMenu(1204, false, { ...DEFAULT_SHELL_SETTINGS, startAtLogin: true });
    expect(menu.tooltip).toBe('Lead Inbox: 1,204 new leads');
    expect(menu.items.map((i) => i.id)).toEqual(['unread', 'open', 'sync', 'separator', 'keep-running', 'start-at-login', 'separator', 'quit']);
    expect(menu.items.find((i) => i.id === 'start-at-login')?.checked).toBe(true);
    expect(menu.items.find((i) => i.id === 'keep-running')?.checked).toBe(true);
    const busy = trayMenu(0, true, DEFAULT_SHELL_SETTINGS);
    expect(busy.tooltip).toBe('Lead Inbox: no new leads, syncing');
    expect(busy.items.find((i) => i.id === 'sync')).toMatchObject({ label: 'Syncing…', enabled: false });
    expect(trayMenu(1, false, DEFAULT_SHELL_SETTINGS).items[0]!.label).toBe('1 new lead');
  });
});

describe('starting when the user signs in', () => {
  it('Windows passes the background argument; macOS reports the login start itself', () => {
    expect(loginItemSettings('win32', true)).toEqual({ openAtLogin: true, args: [BACKGROUND_ARG] });
    expect(loginItemSettings('darwin', true)).toEqual({ openAtLogin: true });
    expect(loginItemSettings('win32', false)).toEqual({ openAtLogin: false, args: [BACKGROUND_ARG] });
  });

  it('Linux gets an XDG autostart entry that starts the AppImage file itself, quoted as the spec asks', () => {
    const fromAppImage = autostartEntry({ execPath: '/tmp/.mount_LeadIn1/lead-inbox', appImage: '/home/ana/Apps/Lead Inbox 100%.AppImage', home: '/home/ana', configHome: undefined, path: path.posix });
    expect(fromAppImage.file).toBe('/home/ana/.config/autostart/lead-inbox.desktop');
    expect(fromAppImage.text).toContain('Exec="/home/ana/Apps/Lead Inbox 100%%.AppImage" --background\n');
    expect(fromAppImage.text).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Lead Inbox\n/);
    const fromDeb = autostartEntry({ execPath: '/opt/Lead Inbox/lead-inbox', appImage: undefined, home: '/home/ana', configHome: '/home/ana/.cfg', path: path.posix });
    expect(fromDeb).toMatchObject({ file: '/home/ana/.cfg/autostart/lead-inbox.desktop', text: expect.stringContaining('Exec="/opt/Lead Inbox/lead-inbox" --background') });
    expect(autostartEntry({ execPath: '/opt/a"b$c/x', appImage: undefined, home: '/h', configHome: undefined, path: path.posix }).text).toContain('Exec="/opt/a\\"b\\$c/x" --background');
  });
});

describe('the new-lead notification', () => {
  it('opens the lead itself when one arrived, and the newest leads when several did', () => {
    expect(newLeadsNotification({ type: 'leads:new', destinationId: 'd', count: 1, newestId: 4021 })).toEqual({ title: 'A new marketplace lead', body: '1 new lead arrived. Click to open it.', open: { type: 'app:open-lead', id: 4021 } });
    expect(newLeadsNotification({ type: 'leads:new', destinationId: 'd', count: 1250, newestId: 9 })).toEqual({
      title: 'New marketplace leads',
      body: '1,250 new leads arrived. Click to see them, newest first.',
      open: { type: 'app:show-new-leads' },
    });
  });
});
