import sqlitePackage from 'better-sqlite3/package.json';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, type MenuItemConstructorOptions } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ApiResult, Channel } from './api';
import { EVENTS_CHANNEL } from './apiChannels';
import { defaultArchivePath } from './core/paths';
import { openExternalSafely } from './externalLinks';
import { isAppUrl, registerIpcHandlers } from './ipc';
import { loadDataKey } from './secretKey';
import { sqliteBindingPath } from './shell/sqliteBinding';
import type { FromWorker, ToWorker } from './workerProtocol';

const RENDERER_DIR = join(__dirname, '..', 'renderer');
const windowStateFile = () => join(app.getPath('userData'), 'window-state.json');

interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

function loadWindowState(): WindowState {
  try {
    const state = JSON.parse(readFileSync(windowStateFile(), 'utf8')) as WindowState;
    if (state.width >= 400 && state.height >= 300) return state;
  } catch {
    // First start, or an unreadable file: the default size will do.
  }
  return { width: 1280, height: 800 };
}

function rememberWindowState(window: BrowserWindow): void {
  const save = () => {
    if (window.isDestroyed()) return;
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    writeFileSync(windowStateFile(), JSON.stringify(state));
  };
  window.on('close', save);
}

/** The SQLite driver built for this Electron (see shell/sqliteBinding.ts). */
function electronSqliteBinding(): string | null {
  return sqliteBindingPath({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    root: join(__dirname, '..', '..'),
    electronVersion: process.versions.electron,
    sqliteVersion: sqlitePackage.version,
    platform: process.platform,
    arch: process.arch,
    exists: existsSync,
  });
}

/** The core in a worker thread, reached by numbered calls. */
function startCore(onEvent: (message: Extract<FromWorker, { type: 'event' }>) => void) {
  const dataKey = loadDataKey(app.getPath('userData'));
  const worker = new Worker(join(__dirname, 'coreWorker.cjs'), {
    workerData: {
      archivePath: defaultArchivePath(),
      key: 'key' in dataKey ? new Uint8Array(dataKey.key) : null,
      unavailable: 'unavailable' in dataKey ? dataKey.unavailable : null,
      nativeBinding: electronSqliteBinding(),
    },
  });
  const pending = new Map<number, (result: ApiResult<Channel>) => void>();
  let nextId = 0;
  const send = (message: ToWorker) => worker.postMessage(message);
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      onEvent(message);
    } else {
      const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options = { defaultPath: join(app.getPath('downloads'), message.suggestedName), filters: [{ name: message.format.toUpperCase(), extensions: [message.format] }] };
      void (owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options)).then(({ canceled, filePath }) =>
        send({ type: 'file-chosen', id: message.id, file: canceled || !filePath ? null : filePath }),
      );
    }
  });
  worker.on('error', (error) => console.error('Lead Inbox core stopped:', error));
  return {
    call(channel: Channel, payload: unknown): Promise<ApiResult<Channel>> {
      return new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        send({ type: 'call', id, channel, payload });
      });
    },
    stop: () => send({ type: 'close' }),
  };
}

// Every window follows the security baseline in shared/DESIGN.md: an isolated, sandboxed renderer without
// Node, no new windows, no navigation away from the app, links out only through the allowlist.
function createWindow(): BrowserWindow {
  const state = loadWindowState();
  const window = new BrowserWindow({
    ...state,
    minWidth: 720,
    minHeight: 480,
    title: 'Lead Inbox',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link would otherwise open it in a new window, around the navigation guards.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalSafely(url);
  });
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  rememberWindowState(window);
  void window.loadFile(join(RENDERER_DIR, 'index.html'));
  return window;
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Lead management in Partner Center', click: () => openExternalSafely('https://learn.microsoft.com/partner-center/marketplace-offers/partner-center-portal/commercial-marketplace-get-customer-leads') },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(() => {
  const core = startCore(({ event }) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENTS_CHANNEL, event);
    if (event.type === 'leads:new' && Notification.isSupported()) {
      new Notification({ title: 'New marketplace leads', body: `${event.count.toLocaleString()} new lead${event.count === 1 ? '' : 's'} arrived.` }).show();
    }
  });
  registerIpcHandlers(ipcMain, core.call, (event) => event.senderFrame !== null && isAppUrl(event.senderFrame.url, RENDERER_DIR));
  buildMenu();
  createWindow();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => core.stop());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// A packaged app keeps its archive across updates; a missing renderer means a broken build, said plainly.
if (!existsSync(join(RENDERER_DIR, 'index.html'))) console.error(`Lead Inbox: no window at ${RENDERER_DIR}; run npm run build.`);
