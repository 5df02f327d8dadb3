/**
 * The desktop app's updates, decided here as plain functions and wired to electron-updater in
 * electron/updater.ts: whether this install can update itself, when to look, when installing is safe, and
 * what the menu, the About box and the dialogs say.
 */
import { NEWER_ARCHIVE } from '../core/store/migrate';

/** Where the update stands, as electron-updater's events move it. */
export type UpdatePhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'current'; readonly checkedAt: string }
  | { readonly kind: 'downloading'; readonly version: string; readonly percent: number }
  | { readonly kind: 'ready'; readonly version: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** What runs in the core now (its `work:changed` event). */
export interface CoreWork {
  readonly syncs: number;
  readonly exports: number;
}

/** Look at start, then every four hours: a release reaches every running app within a working day. */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;
/** The first look waits for the window and the first sync to settle. */
export const FIRST_CHECK_AFTER_MS = 30 * 1000;

export interface InstallKind {
  readonly packaged: boolean;
  readonly platform: string;
  /** Set by the AppImage runtime to the AppImage's own path. */
  readonly appImage: string | undefined;
  /** electron-builder's resources/package-type for a deb or rpm install, null when absent. */
  readonly packageType: string | null;
  /** A Windows or macOS build from a CI run whose feed names no repository (no app-update.yml). */
  readonly hasFeed: boolean;
}

/** Why this install cannot update itself (said in the menu and About box), or null when it can. */
export function updateUnsupportedReason({ packaged, platform, appImage, packageType, hasFeed }: InstallKind): string | null {
  if (!packaged) return 'This is a development build: it updates with its source checkout (git pull, npm install).';
  if (!hasFeed) return 'This build names no release feed, so it cannot look for updates. Download a newer release by hand.';
  if (platform === 'linux' && !appImage && packageType !== 'deb' && packageType !== 'rpm') {
    return 'Lead Inbox was not installed from its AppImage, deb or rpm, so it cannot update itself. Install a newer release the way you installed this one.';
  }
  return null;
}

/** How long until the next look for an update, from the last one (null: never looked). */
export function nextCheckIn(lastCheck: number | null, now: number): number {
  if (lastCheck === null) return FIRST_CHECK_AFTER_MS;
  return Math.max(0, lastCheck + CHECK_EVERY_MS - now);
}

/** Whether a look may start now: not while one runs, and never again once an update waits to be installed. */
export function mayCheck(phase: UpdatePhase): boolean {
  return phase.kind !== 'checking' && phase.kind !== 'downloading' && phase.kind !== 'ready' && phase.kind !== 'unsupported';
}

export type InstallDecision = { readonly install: true } | { readonly install: false; readonly why: string };

/**
 * Whether restarting into the update is safe now: only with an update downloaded and nothing running in the
 * core. A sync would resume after the restart, but an export would be lost half-written; neither is cut.
 */
export function installDecision(phase: UpdatePhase, work: CoreWork): InstallDecision {
  if (phase.kind !== 'ready') return { install: false, why: 'No update has been downloaded yet.' };
  const running = [work.syncs === 1 ? 'the sync' : work.syncs > 1 ? 'the syncs' : '', work.exports === 1 ? 'the export' : work.exports > 1 ? 'the exports' : ''].filter(Boolean);
  if (running.length === 0) return { install: true };
  const plural = running.length > 1 || work.syncs > 1 || work.exports > 1;
  return { install: false, why: `Lead Inbox will restart to update when ${running.join(' and ')} running now ${plural ? 'have' : 'has'} finished.` };
}

/** The update item of the app's menu: its label, whether it can be clicked, and what a click does. */
export function updateMenuItem(phase: UpdatePhase): { readonly label: string; readonly enabled: boolean; readonly action: 'check' | 'install' | 'none' } {
  switch (phase.kind) {
    case 'checking':
      return { label: 'Checking for Updates…', enabled: false, action: 'none' };
    case 'downloading':
      return { label: `Downloading Lead Inbox ${phase.version} (${Math.floor(phase.percent)}%)…`, enabled: false, action: 'none' };
    case 'ready':
      return { label: `Restart to Update to ${phase.version}`, enabled: true, action: 'install' };
    case 'unsupported':
      return { label: 'Check for Updates…', enabled: false, action: 'none' };
    default:
      return { label: 'Check for Updates…', enabled: true, action: 'check' };
  }
}

/** One line on where the update stands, for the About box and the answer to "Check for Updates…". */
export function updateStatusLine(phase: UpdatePhase): string {
  switch (phase.kind) {
    case 'idle':
      return 'Updates: not checked yet.';
    case 'checking':
      return 'Updates: checking…';
    case 'current':
      return `Updates: this is the newest version (checked ${phase.checkedAt.slice(0, 16).replace('T', ' ')} UTC).`;
    case 'downloading':
      return `Updates: downloading ${phase.version} (${Math.floor(phase.percent)}%).`;
    case 'ready':
      return `Updates: ${phase.version} is downloaded and waiting. Restart to update (Help menu).`;
    case 'failed':
      return `Updates: the last check failed (${phase.message}). Lead Inbox tries again in a few hours.`;
    case 'unsupported':
      return `Updates: ${phase.reason}`;
  }
}

export interface AboutInput {
  readonly version: string;
  readonly electron: string;
  readonly chrome: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly phase: UpdatePhase;
}

/** The About box's text: versions, where the update stands, and how to get the command line. */
export function aboutDetail({ version, electron, chrome, node, platform, arch, phase }: AboutInput): string {
  return [
    `Version ${version} (${platform}-${arch})`,
    `Electron ${electron}, Chromium ${chrome}, Node ${node}`,
    '',
    updateStatusLine(phase),
    '',
    'The lead-inbox command line (sync, watch, list, export on a server or in a script): npm install -g lead-inbox',
  ].join('\n');
}

/** A short form of electron-updater's error for the menu and About box (its messages carry whole HTTP bodies). */
export function updateErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n')[0]!.trim();
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|net::ERR_/.test(first)) return 'the update server could not be reached';
  if (/\b404\b/.test(first)) return 'no release was found';
  return first.length > 160 ? `${first.slice(0, 157)}…` : first;
}

export interface StoppedDialog {
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
  /** What each button does, in order. */
  readonly actions: readonly ('update' | 'restart' | 'quit')[];
}

/**
 * What to say when the core stops. An archive from a newer Lead Inbox is not a broken install: it asks for
 * the update (and offers it where this install can update itself). Anything else offers a restart.
 */
export function coreStoppedDialog(reason: string, phase: UpdatePhase): StoppedDialog {
  if (reason.includes(NEWER_ARCHIVE)) {
    const canUpdate = phase.kind !== 'unsupported';
    return {
      message: 'Update Lead Inbox to open this archive',
      detail: `${reason}\n\nA newer Lead Inbox (perhaps the lead-inbox command line) has upgraded it. Your leads are safe.${canUpdate ? ' Lead Inbox can download the update now and restart into it.' : ` ${phase.kind === 'unsupported' ? phase.reason : ''}`}`,
      buttons: canUpdate ? ['Update Lead Inbox', 'Quit'] : ['Quit'],
      actions: canUpdate ? ['update', 'quit'] : ['quit'],
    };
  }
  return {
    message: 'Lead Inbox stopped working',
    detail: `${reason}\n\nYour archive is safe. Restart Lead Inbox to continue. If this happens at every start, install Lead Inbox again from its latest release.`,
    buttons: ['Restart', 'Quit'],
    actions: ['restart', 'quit'],
  };
}

/**
 * How to start the app again. Inside an AppImage, process.execPath lives in a mount that disappears when the
 * app exits: the relaunch must run the AppImage file itself (the runtime sets APPIMAGE to it).
 */
export function relaunchOptions(platform: string, appImage: string | undefined, args: readonly string[]): { execPath?: string; args: string[] } {
  if (platform === 'linux' && appImage) return { execPath: appImage, args: [...args] };
  return { args: [...args] };
}
