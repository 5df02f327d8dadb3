import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder Electron uses as userData for "Lead Inbox", so the CLI and the app share one archive.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lead Inbox');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lead Inbox');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Lead Inbox');
}

export function defaultArchivePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(appDataDir(env), 'leads.db');
}
