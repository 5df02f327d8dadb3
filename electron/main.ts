import { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, net, Notification, powerMonitor, protocol, safeStorage, screen, session, shell, type MenuItemConstructorOptions } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';
import { Worker } from 'node:worker_threads';
import { EVENTS_CHANNEL } from './apiChannels';
import { dataDirOverride, defaultArchivePath } from './core/paths';
import { openExternalSafely } from './externalLinks';
import { registerIpcHandlers } from './ipc';
import { badgeCountFromTitle } from './shell/badge';
import { APP_ID } from './shell/appId';
import { bridgeToCore, type BridgeHandlers, type CoreBridge } from './shell/coreBridge';
import { startsHidden } from './shell/background';
import { logCoreEvent } from './shell/coreLog';
import { loadDataKey, machineFingerprint } from './shell/dataKey';
import { openLogFile, type LogFile } from './shell/logFile';
import { rendererGoneDialog, rendererHungDialog, type RendererDialog } from './shell/rendererProblems';
import { appNetwork, AZURE_STORAGE_PROBE } from './shell/network';
import { allowPermission } from './shell/permissions';
import { sqliteBindingPath } from './shell/sqliteBinding';
import { APP_ENTRY, APP_SCHEME, appFileFor, contentTypeOf, isAppUrl, trustedSender } from './shell/trust';
import { saveFilters } from './shell/saveFilters';
import { aboutDetail, coreStoppedDialog, relaunchOptions, updateMenuItem, updateStatusLine, type UpdatePhase } from './shell/updates';
import { viewMenuRoles } from './shell/viewMenu';
import { restoredBounds, type SavedWindow } from './shell/windowBounds';
import { NETWORK_POLL_MS, networkUpdate } from './shell/networkState';
import { newLeadsNotification } from './shell/notifications';
import { revealWindow } from './shell/windows';
import { startBackgroundShell, type BackgroundShell } from './tray';
import { startUpdater, type Updater } from './updater';
import type { ShellEvent } from './api';
import type { SaveFormat } from './dispatch';
import type { CoreWorkerData } from './workerProtocol';

const RENDERER_DIR = join(__dirname, '..', 'renderer');
const windowStateFile = () => join(app.getPath('userData'), 'window-state.json');

function loadWindowState(): SavedWindow {
  try {
    const state = JSON.parse(readFileSync(windowStateFile(), 'utf8')) as SavedWindow;
    if (state.width >= 400 && state.height >= 300) return state;
  } catch {
    // First start, or an unreadable file: the default size will do.
  }
  return { width: 1280, height: 800 };
}

function rememberWindowState(window: BrowserWindow): void {
  const save = () => {
    if (window.isDestroyed()) return;
    const state: SavedWindow = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    writeFileSync(windowStateFile(), JSON.stringify(state));
  };
  window.on('close', save);
}

/** The package's SQLite driver, outside the asar (see shell/sqliteBinding.ts). */
function electronSqliteBinding(): string | null {
  return sqliteBindingPath({ packaged: app.isPackaged, resourcesPath: process.resourcesPath });
}

/** The core in a worker thread, reached through the bridge, which never leaves a call unanswered. */
async function startCore(handlers: BridgeHandlers) {
  const dataKey = await loadDataKey({
    userData: app.getPath('userData'),
    platform: process.platform,
    safeStorage,
    files: { exists: existsSync, read: (file) => readFileSync(file), write: (file, data) => writeFileSync(file, data, { mode: 0o600 }), rename: renameSync },
    randomKey: () => randomBytes(32),
    now: () => new Date(),
    machine: machineFingerprint(hostname(), userInfo().username),
  });
  const workerData: CoreWorkerData = {
    archivePath: defaultArchivePath(),
    dataKey: dataKey.kind === 'keychain' ? { kind: 'keychain', key: new Uint8Array(dataKey.key), notice: dataKey.notice } : dataKey,
    nativeBinding: electronSqliteBinding(),
    network: appNetwork({
      pac: await session.defaultSession.resolveProxy(AZURE_STORAGE_PROBE),
      env: process.env,
      systemCertificates: getCACertificates('system'),
      readFile: (file) => readFileSync(file, 'utf8'),
    }),
  };
  const worker = new Worker(join(__dirname, 'coreWorker.cjs'), { workerData });
  return bridgeToCore(worker, handlers);
}

function chooseExportFile({ suggestedName, format }: { suggestedName: string; format: SaveFormat }): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const options = { defaultPath: join(app.getPath('downloads'), suggestedName), filters: saveFilters(format) };
  return (owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options)).then(({ canceled, filePath }) => (canceled || !filePath ? null : filePath));
}

/**
 * The core stopped: every pending call has already failed with a message. Offer a restart, or, for an
 * archive from a newer Lead Inbox, the update.
 */
function reportCoreStopped(reason: string): void {
  log.write('error', `core stopped: ${reason}`);
  const said = coreStoppedDialog(reason, updater.phase());
  const owner = BrowserWindow.getAllWindows()[0];
  const options = { type: 'error' as const, message: said.message, detail: said.detail, buttons: [...said.buttons], defaultId: 0 };
  void (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options)).then(({ response }) => {
    const action = said.actions[response] ?? 'quit';
    if (action === 'update') {
      updatingForArchive = true;
      updater.updateAndRestart();
      return;
    }
    if (action === 'restart') app.relaunch(relaunchOptions(process.platform, process.env.APPIMAGE, process.argv.slice(1)));
    app.quit();
  });
}

/** An update asked for by the archive dialog that cannot come (none newer, or the check failed): say so, then quit. */
function updateForArchiveEnded(phase: UpdatePhase): void {
  if (!updatingForArchive || (phase.kind !== 'current' && phase.kind !== 'failed')) return;
  updatingForArchive = false;
  void dialog.showMessageBox({ type: 'info', message: 'No update could be installed', detail: `${updateStatusLine(phase)}\n\nInstall the newest Lead Inbox from its releases page, then open the archive again.`, buttons: ['Quit'] }).then(() => app.quit());
}

function showAbout(): void {
  const detail = aboutDetail({ version: app.getVersion(), electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, platform: process.platform, arch: process.arch, phase: updater.phase() });
  const options = { type: 'info' as const, message: 'Lead Inbox', detail, buttons: ['OK'] };
  const owner = BrowserWindow.getFocusedWindow();
  void (owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options));
}

function onUpdateMenuItem(): void {
  const item = updateMenuItem(updater.phase());
  if (item.action === 'check') updater.check();
  if (item.action === 'install') {
    const waiting = updater.install();
    if (waiting) void dialog.showMessageBox({ type: 'info', message: 'The update waits for running work', detail: waiting, buttons: ['OK'] });
  }
}

/** A downloaded update is offered once, by a notification that restarts into it. */
function offerUpdate(phase: UpdatePhase): void {
  if (phase.kind !== 'ready' || !Notification.isSupported()) return;
  const notification = new Notification({ title: `Lead Inbox ${phase.version} is ready`, body: 'Click to restart and update. Lead Inbox waits for a running sync or export.' });
  notification.on('click', onUpdateMenuItem);
  notification.show();
}

// Every window follows the security baseline in shared/DESIGN.md: an isolated, sandboxed renderer without
// Node, no new windows, no navigation away from the app, links out only through the allowlist.
function createWindow(): BrowserWindow {
  const { maximized, ...bounds } = restoredBounds(
    loadWindowState(),
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    title: 'Lead Inbox',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK: reviewed, named functions only, no generic invoke
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click on a link would otherwise open it in a new window, around the navigation guards.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  // Windows has no badge count (setBadgeCount does nothing there); the count is in the taskbar title and the tray.
  window.on('page-title-updated', (_event, title) => background?.setWindowCount(badgeCountFromTitle(title)));
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalSafely(url);
  });
  window.webContents.session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowPermission(permission, details.requestingUrl, isAppUrl)));
  window.webContents.session.setPermissionCheckHandler((_contents, permission, _origin, details) => allowPermission(permission, details.requestingUrl, isAppUrl));
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    window.show();
  });
  rememberWindowState(window);
  window.webContents.on('render-process-gone', (_event, details) => {
    log.write('error', `window page gone: ${details.reason} (exit code ${details.exitCode})`);
    const said = rendererGoneDialog(details.reason, details.exitCode);
    if (said) askAboutWindow(window, said);
  });
  window.on('unresponsive', () => {
    log.write('warn', 'window not responding');
    askAboutWindow(window, rendererHungDialog());
  });
  window.on('responsive', () => log.write('info', 'window responding again'));
  void window.loadURL(APP_ENTRY);
  return window;
}

/** Tells the core when the network comes or goes and when the computer wakes (see shell/networkState.ts). */
function watchNetwork(core: CoreBridge): void {
  let online: boolean | null = null;
  const tell = (resumed: boolean) => {
    const update = networkUpdate(online, net.isOnline(), resumed);
    online = net.isOnline();
    if (!update) return;
    log.write('info', update.resumed ? `woke from sleep (${update.online ? 'online' : 'offline'})` : update.online ? 'network back' : 'network gone: syncs wait for it');
    core.network(update);
  };
  tell(false);
  setInterval(() => tell(false), NETWORK_POLL_MS).unref();
  powerMonitor.on('resume', () => tell(true));
}

/**
 * The window to the front: the open one restored and focused, or a new one (closed to the tray); then
 * what to show in it (a notification's lead), once its page has loaded.
 */
function showWindow(then?: ShellEvent): void {
  const open = BrowserWindow.getAllWindows()[0];
  const window = revealWindow(open) ? open! : createWindow();
  if (!then) return;
  if (window.webContents.isLoading()) window.webContents.once('did-finish-load', () => window.webContents.send(EVENTS_CHANNEL, then));
  else window.webContents.send(EVENTS_CHANNEL, then);
}

/** A crashed or hung page: offer a reload (the archive lives in the core, not the page). */
function askAboutWindow(window: BrowserWindow, said: RendererDialog): void {
  void dialog.showMessageBox(window, { type: 'warning', message: said.message, detail: said.detail, buttons: [...said.buttons], defaultId: 0 }).then(({ response }) => {
    const action = said.actions[response];
    if (window.isDestroyed()) return;
    if (action === 'reload') window.webContents.reload();
    if (action === 'quit') app.quit();
  });
}

function buildMenu(): void {
  const update = updateMenuItem(updater.phase());
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: viewMenuRoles(app.isPackaged).map((role): MenuItemConstructorOptions => (role === 'separator' ? { type: 'separator' } : { role })) },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Lead management in Partner Center', click: () => openExternalSafely('https://learn.microsoft.com/partner-center/marketplace-offers/partner-center-portal/commercial-marketplace-get-customer-leads') },
        { type: 'separator' },
        { label: update.label, enabled: update.enabled, click: onUpdateMenuItem },
        { label: 'Open Log Folder', click: () => void shell.openPath(log.folder) },
        { label: 'About Lead Inbox', click: showAbout },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

let log: LogFile;
let background: BackgroundShell | undefined;
let updatingForArchive = false;
let closingCore: Promise<void> | null = null;
let updater: Updater;

/** Serves the window's files from out/renderer under app://lead-inbox, nothing outside it. */
function serveAppPages(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, RENDERER_DIR);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'content-type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

async function startApp(): Promise<void> {
  log = openLogFile(app.getPath('logs'));
  serveAppPages();
  log.write('info', `Lead Inbox ${app.getVersion()} started (Electron ${process.versions.electron}, Node ${process.versions.node}, ${process.platform}-${process.arch})`);
  let lastPhase: UpdatePhase['kind'] | null = null;
  updater = startUpdater((phase) => {
    if (phase.kind !== 'downloading') log.write(phase.kind === 'failed' ? 'warn' : 'info', updateStatusLine(phase));
    buildMenu();
    if (phase.kind === 'ready' && lastPhase !== 'ready') offerUpdate(phase);
    lastPhase = phase.kind;
    updateForArchiveEnded(phase);
  });
  const core = await startCore({
    onEvent: ({ event }) => {
      logCoreEvent(log, event);
      background?.onCoreEvent(event);
      if (event.type === 'work:changed') updater.setWork(event);
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(EVENTS_CHANNEL, event);
      if (event.type === 'leads:new' && Notification.isSupported()) {
        const said = newLeadsNotification(event);
        const notification = new Notification({ title: said.title, body: said.body });
        // Since Electron 42 macOS shows the notifications of code-signed apps only; an unsigned build's fail here.
        notification.on('failed', (_event, error) => log.write('warn', `a new-lead notification was not shown: ${error}`));
        notification.on('click', () => showWindow(said.open));
        notification.show();
      }
    },
    chooseFile: chooseExportFile,
    onStopped: reportCoreStopped,
    onLog: ({ level, message }) => log.write(level, message),
  });
  registerIpcHandlers(ipcMain, core.call, trustedSender());
  buildMenu();
  background = startBackgroundShell({
    openWindow: () => showWindow(),
    syncNow: () =>
      void core.call('profiles:list', {}).then((listed) => {
        for (const profile of listed.ok ? (listed.value as { id: string }[]) : []) void core.call('sync:start', { id: profile.id });
      }),
    quit: () => app.quit(),
    windowOpen: () => BrowserWindow.getAllWindows().length > 0,
    log: (level, message) => log.write(level, message),
  });
  watchNetwork(core);
  // Started at sign-in: sync in the background, no window until the user asks for one.
  const atLogin = process.platform === 'linux' ? false : app.getLoginItemSettings().wasOpenedAtLogin;
  if (startsHidden(process.argv, atLogin)) log.write('info', 'started at sign-in: syncing in the background, no window');
  else createWindow();
  app.on('second-instance', () => showWindow());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  // A quit waits for the core to cancel and clean up running work and close the archive, then quits.
  let coreClosed = false;
  app.on('before-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    if (closingCore) return;
    closingCore = core.stop().finally(() => {
      coreClosed = true;
      log.write('info', 'quit');
      app.quit();
    });
  });
}

app.enableSandbox();
// Before ready, as Electron requires: the window's own scheme, standard (an origin of its own) and secure.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Crash dumps stay on this computer (the crashDumps folder beside the logs); nothing is sent anywhere.
crashReporter.start({ uploadToServer: false });
// Before the single-instance lock, which lives in userData: another profile is another instance.
const dataDir = dataDirOverride(process.env);
if (dataDir) app.setPath('userData', dataDir);
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// A second launch hands over to the first (which comes to the front) and starts nothing of its own.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Electron does not quit on an error in the main process: without this, a failed start would leave a
  // windowless process holding the single-instance lock, and every later launch would exit at once.
  app
    .whenReady()
    .then(startApp)
    .catch((error: unknown) => {
      dialog.showErrorBox('Lead Inbox could not start', `${(error as Error).message}\n\nYour archive was not changed. Start Lead Inbox again; if this persists, reinstall it.`);
      app.exit(1);
    });
  // Closing the window leaves the core syncing behind the tray icon, unless the user turned that off.
  app.on('window-all-closed', () => {
    if (!(background?.lastWindowClosed() ?? false) && process.platform !== 'darwin') app.quit();
  });
}

// A packaged app keeps its archive across updates; a missing renderer means a broken build, said plainly.
if (!existsSync(join(RENDERER_DIR, 'index.html'))) console.error(`Lead Inbox: no window at ${RENDERER_DIR}; run npm run build.`);
