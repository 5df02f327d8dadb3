import nodePath, { type PlatformPath } from 'node:path';

/**
 * Where electron-builder leaves the packaged app's executable in release/ (`npm run dist`), per platform
 * and architecture; LEAD_INBOX_PACKAGED_APP names one anywhere (absolute, or from the project's root).
 */
export function packagedAppCandidates(root: string, platform: string, path: PlatformPath = nodePath): string[] {
  const release = path.join(root, 'release');
  if (platform === 'win32') return ['win-unpacked', 'win-arm64-unpacked'].map((dir) => path.join(release, dir, 'Lead Inbox.exe'));
  if (platform === 'darwin') return ['mac-arm64', 'mac', 'mac-universal'].map((dir) => path.join(release, dir, 'Lead Inbox.app', 'Contents', 'MacOS', 'Lead Inbox'));
  return ['linux-unpacked', 'linux-arm64-unpacked'].map((dir) => path.join(release, dir, 'lead-inbox'));
}

export interface SmokePlace {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: string;
  readonly root: string;
  readonly exists: (file: string) => boolean;
  readonly path?: PlatformPath;
}

/** The packaged app to start, or why the smoke test cannot run here (said in the test's name, never silent). */
export function smokeTarget({ env, platform, root, exists, path = nodePath }: SmokePlace): { readonly app: string } | { readonly notRun: string } {
  if (env.LEAD_INBOX_PACKAGED_APP) {
    const named = path.resolve(root, env.LEAD_INBOX_PACKAGED_APP);
    return exists(named) ? { app: named } : { notRun: `LEAD_INBOX_PACKAGED_APP names ${named}, which does not exist` };
  }
  const app = packagedAppCandidates(root, platform, path).find(exists);
  if (!app) return { notRun: 'no packaged Lead Inbox in release/ (npm run dist builds one; it downloads Electron, which this machine cannot)' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { notRun: `no display to open ${app}'s window on (run the tests under xvfb-run)` };
  return { app };
}
