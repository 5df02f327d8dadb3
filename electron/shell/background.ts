import nodePath, { type PlatformPath } from 'node:path';

/**
 * The desktop app as a background citizen: closing the window leaves the core syncing behind a tray icon
 * (the menu bar on macOS), it can start when the user signs in, and the unread count goes on counting with
 * no window open. The decisions are here; electron/main.ts wires them to Electron.
 */

/** What the user chose, kept in the app's data folder (shell-settings.json). */
export interface ShellSettings {
  /** Closing the window keeps the app syncing in the tray (on by default). */
  readonly keepRunning: boolean;
  /** The first close in the background has been explained. */
  readonly toldAboutBackground: boolean;
  readonly startAtLogin: boolean;
}

export const DEFAULT_SHELL_SETTINGS: ShellSettings = { keepRunning: true, toldAboutBackground: false, startAtLogin: false };

/** The saved settings, each one checked: a damaged or older file falls back to the defaults field by field. */
export function parseShellSettings(text: string | null): ShellSettings {
  let saved: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) saved = parsed as Record<string, unknown>;
  } catch {
    saved = {};
  }
  const flag = (name: keyof ShellSettings) => (typeof saved[name] === 'boolean' ? (saved[name] as boolean) : DEFAULT_SHELL_SETTINGS[name]);
  return { keepRunning: flag('keepRunning'), toldAboutBackground: flag('toldAboutBackground'), startAtLogin: flag('startAtLogin') };
}

/** The argument a login start carries (Windows and Linux; macOS says so through wasOpenedAtLogin). */
export const BACKGROUND_ARG = '--background';

/** Whether this start opens no window: started at sign-in, to sync in the background. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(BACKGROUND_ARG);
}

/**
 * What closing the last window does: keep running in the tray (and say so the first time), or quit. macOS
 * apps stay in the dock and menu bar anyway; there the setting only decides whether syncing goes on.
 */
export function onLastWindowClosed(platform: string, settings: ShellSettings): { readonly quit: boolean; readonly explain: string | null } {
  if (!settings.keepRunning) return { quit: platform !== 'darwin', explain: null };
  if (settings.toldAboutBackground) return { quit: false, explain: null };
  const where = platform === 'darwin' ? 'in the menu bar' : platform === 'win32' ? 'in the notification area (the arrow beside the clock may hide it)' : 'in the tray';
  const linux = platform === 'linux' ? ' If your desktop shows no tray icons, start Lead Inbox again to bring its window back.' : '';
  return { quit: false, explain: `Lead Inbox keeps syncing ${where} and tells you when leads arrive. Quit it from that icon's menu.${linux} You can change this in the same menu.` };
}

/** The count a closed window can no longer show: new leads since the window last said how many it shows. */
export function unreadAfter(current: number, event: { readonly type: string; readonly count?: number }, windowOpen: boolean): number {
  if (event.type === 'leads:new' && !windowOpen) return current + (event.count ?? 0);
  return current;
}

export interface TrayItem {
  readonly id: 'unread' | 'open' | 'sync' | 'keep-running' | 'start-at-login' | 'quit' | 'separator';
  readonly label: string;
  readonly enabled: boolean;
  readonly checked?: boolean;
}

/** The tray icon's menu and tooltip. */
export function trayMenu(unread: number, syncing: boolean, settings: ShellSettings): { readonly tooltip: string; readonly items: readonly TrayItem[] } {
  const count = unread === 0 ? 'No new leads' : `${unread.toLocaleString('en-US')} new lead${unread === 1 ? '' : 's'}`;
  return {
    tooltip: `Lead Inbox: ${count.toLowerCase()}${syncing ? ', syncing' : ''}`,
    items: [
      { id: 'unread', label: count, enabled: false },
      { id: 'open', label: 'Open Lead Inbox', enabled: true },
      { id: 'sync', label: syncing ? 'Syncing…' : 'Sync Now', enabled: !syncing },
      { id: 'separator', label: '', enabled: true },
      { id: 'keep-running', label: 'Keep Syncing When the Window Is Closed', enabled: true, checked: settings.keepRunning },
      { id: 'start-at-login', label: 'Start Lead Inbox When I Sign In', enabled: true, checked: settings.startAtLogin },
      { id: 'separator', label: '', enabled: true },
      { id: 'quit', label: 'Quit Lead Inbox', enabled: true },
    ],
  };
}

/** A value for a desktop entry's Exec key: quoted, with the characters the spec reserves escaped. */
function execArgument(value: string): string {
  return `"${value.replace(/[\\"`$]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/**
 * Linux's "start when I sign in": an XDG autostart entry. It starts the AppImage file itself when the app
 * runs from one (its mount point changes every start), else the installed executable.
 */
export function autostartEntry({ execPath, appImage, home, configHome, path = nodePath }: { execPath: string; appImage: string | undefined; home: string; configHome: string | undefined; path?: PlatformPath }): { readonly file: string; readonly text: string } {
  const folder = path.join(configHome || path.join(home, '.config'), 'autostart');
  const text = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Lead Inbox',
    'Comment=Syncs your marketplace leads in the background',
    `Exec=${execArgument(appImage ?? execPath)} ${BACKGROUND_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  return { file: path.join(folder, 'lead-inbox.desktop'), text };
}

/** Windows and macOS: Electron's login item. Windows starts it with the background argument; macOS says so itself. */
export function loginItemSettings(platform: string, enabled: boolean): { openAtLogin: boolean; args?: string[] } {
  return platform === 'win32' ? { openAtLogin: enabled, args: [BACKGROUND_ARG] } : { openAtLogin: enabled };
}
