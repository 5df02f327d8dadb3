/**
 * The app in the background, wired to Electron: the tray icon and its menu, the settings it keeps, the
 * login item, and the unread count on the badge while no window shows it. The decisions are in
 * shell/background.ts.
 */
import { app, Menu, nativeImage, Notification, Tray, type MenuItemConstructorOptions } from 'electron';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import icon from '../build/icon.png';
import type { ServiceEvent } from './core/service';
import { autostartEntry, loginItemSettings, onLastWindowClosed, parseShellSettings, trayMenu, unreadAfter, type ShellSettings } from './shell/background';

export interface BackgroundShell {
  /** The window's own count (its title), while it is open. */
  setWindowCount(count: number): void;
  onCoreEvent(event: ServiceEvent): void;
  /** The last window closed: keep running (true) or quit. */
  lastWindowClosed(): boolean;
}

export interface BackgroundActions {
  openWindow(): void;
  syncNow(): void;
  quit(): void;
  windowOpen(): boolean;
  log(level: 'info' | 'warn', message: string): void;
}

export function startBackgroundShell(actions: BackgroundActions): BackgroundShell {
  const file = join(app.getPath('userData'), 'shell-settings.json');
  let settings: ShellSettings = parseShellSettings(readOrNull(file));
  let unread = 0;
  let syncing = false;
  const tray = new Tray(nativeImage.createFromDataURL(icon).resize({ width: 16, height: 16 }));
  tray.on('click', () => actions.openWindow());

  const save = (next: ShellSettings) => {
    settings = next;
    try {
      writeFileSync(file, JSON.stringify(settings));
    } catch (error) {
      actions.log('warn', `could not save shell-settings.json: ${(error as Error).message}`);
    }
    refresh();
  };

  const setStartAtLogin = (enabled: boolean) => {
    try {
      if (process.platform === 'linux') {
        const entry = autostartEntry({ execPath: process.execPath, appImage: process.env.APPIMAGE, home: homedir(), configHome: process.env.XDG_CONFIG_HOME });
        if (enabled) {
          mkdirSync(dirname(entry.file), { recursive: true });
          writeFileSync(entry.file, entry.text);
        } else rmSync(entry.file, { force: true });
      } else {
        app.setLoginItemSettings(loginItemSettings(process.platform, enabled));
      }
      save({ ...settings, startAtLogin: enabled });
    } catch (error) {
      actions.log('warn', `could not change the start at sign-in: ${(error as Error).message}`);
    }
  };

  function refresh(): void {
    const menu = trayMenu(unread, syncing, settings);
    tray.setToolTip(menu.tooltip);
    const click: Record<string, () => void> = {
      open: actions.openWindow,
      sync: actions.syncNow,
      'keep-running': () => save({ ...settings, keepRunning: !settings.keepRunning }),
      'start-at-login': () => setStartAtLogin(!settings.startAtLogin),
      quit: actions.quit,
    };
    const template = menu.items.map((item): MenuItemConstructorOptions =>
      item.id === 'separator' ? { type: 'separator' } : { label: item.label, enabled: item.enabled, ...(item.checked === undefined ? {} : { type: 'checkbox', checked: item.checked }), click: click[item.id] },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
    app.setBadgeCount(unread);
  }

  refresh();
  return {
    setWindowCount(count) {
      unread = count;
      refresh();
    },
    onCoreEvent(event) {
      const before = { unread, syncing };
      unread = unreadAfter(unread, event, actions.windowOpen());
      if (event.type === 'work:changed') syncing = event.syncs > 0;
      if (before.unread !== unread || before.syncing !== syncing) refresh();
    },
    lastWindowClosed() {
      const decision = onLastWindowClosed(process.platform, settings);
      if (decision.explain) {
        if (Notification.isSupported()) new Notification({ title: 'Lead Inbox is still running', body: decision.explain }).show();
        actions.log('info', decision.explain);
        save({ ...settings, toldAboutBackground: true });
      }
      return !decision.quit;
    },
  };
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
