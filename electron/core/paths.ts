import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A whole other profile (archive, keys, window state) named by LEAD_INBOX_DATA_DIR: the packaged app's smoke
 * test starts it on a temporary one, and a publisher can keep two archives apart. Null when unset.
 */
export function dataDirOverride(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.LEAD_INBOX_DATA_DIR?.trim() ? env.LEAD_INBOX_DATA_DIR : null;
}

/**
 * The folder Electron uses as userData for "Lead Inbox", so the CLI and the app share one archive.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = dataDirOverride(env);
  if (override) return override;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lead Inbox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lead Inbox');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Lead Inbox');
}

export function defaultArchivePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(appDataDir(env), 'leads.db');
}
