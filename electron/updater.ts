/**
 * electron-updater wired to the decisions in shell/updates.ts: looks at start and every few hours, downloads
 * in the background, and restarts into the update only when the user asks and no sync or export runs.
 */
import { app } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installDecision, mayCheck, nextCheckIn, updateErrorMessage, updateUnsupportedReason, type CoreWork, type UpdatePhase } from './shell/updates';

export interface Updater {
  phase(): UpdatePhase;
  /** Looks for an update now (the menu's "Check for Updates…", or an archive that needs a newer app). */
  check(): void;
  /** Restarts into the downloaded update now, or as soon as the core is idle; returns why it waits, or null. */
  install(): string | null;
  /** Looks for an update, downloads it and restarts into it as soon as it is safe (an archive from a newer app). */
  updateAndRestart(): void;
  /** The core's running work, from its `work:changed` events. */
  setWork(work: CoreWork): void;
}

function packageType(): string | null {
  try {
    return readFileSync(join(process.resourcesPath, 'package-type'), 'utf8').trim();
  } catch {
    return null;
  }
}

export function startUpdater(onPhase: (phase: UpdatePhase) => void): Updater {
  const unsupported = updateUnsupportedReason({
    packaged: app.isPackaged,
    platform: process.platform,
    appImage: process.env.APPIMAGE,
    packageType: app.isPackaged ? packageType() : null,
    hasFeed: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
  });
  let phase: UpdatePhase = unsupported ? { kind: 'unsupported', reason: unsupported } : { kind: 'idle' };
  let work: CoreWork = { syncs: 0, exports: 0 };
  let installWhenIdle = false;
  let lastCheck: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  const set = (next: UpdatePhase) => {
    phase = next;
    onPhase(phase);
  };

  // electron-updater is loaded only where it can work: a development build has no feed to read.
  const updater = unsupported ? null : import('electron-updater').then(({ autoUpdater }) => {
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    autoUpdater.on('checking-for-update', () => set({ kind: 'checking' }));
    autoUpdater.on('update-not-available', () => set({ kind: 'current', checkedAt: new Date().toISOString() }));
    autoUpdater.on('update-available', (info) => set({ kind: 'downloading', version: info.version, percent: 0 }));
    autoUpdater.on('download-progress', (progress) => {
      if (phase.kind === 'downloading') set({ ...phase, percent: progress.percent });
    });
    autoUpdater.on('update-downloaded', (info) => {
      set({ kind: 'ready', version: info.version });
      if (installWhenIdle) install();
    });
    autoUpdater.on('error', (error) => set({ kind: 'failed', message: updateErrorMessage(error) }));
    return autoUpdater;
  });

  const schedule = () => {
    clearTimeout(timer);
    if (unsupported) return;
    timer = setTimeout(() => {
      check();
      schedule();
    }, nextCheckIn(lastCheck, Date.now()));
    timer.unref();
  };

  function check(): void {
    if (!updater || !mayCheck(phase)) return;
    lastCheck = Date.now();
    void updater.then((autoUpdater) => autoUpdater.checkForUpdates()).catch((error: unknown) => set({ kind: 'failed', message: updateErrorMessage(error) }));
  }

  function install(): string | null {
    const decision = installDecision(phase, work);
    if (!decision.install) {
      if (phase.kind === 'ready') installWhenIdle = true;
      return decision.why;
    }
    installWhenIdle = false;
    void updater?.then((autoUpdater) => autoUpdater.quitAndInstall());
    return null;
  }

  schedule();
  return {
    phase: () => phase,
    check,
    install,
    updateAndRestart() {
      installWhenIdle = true;
      if (phase.kind === 'ready') install();
      else check();
    },
    setWork(next) {
      work = next;
      if (installWhenIdle && phase.kind === 'ready' && installDecision(phase, work).install) install();
    },
  };
}
