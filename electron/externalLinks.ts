import { shell } from 'electron';
import { externalUrl } from './shell/externalUrl';

/** The only way the app opens anything outside itself: see shell/externalUrl.ts for what passes. */
export function openExternalSafely(url: string): boolean {
  const allowed = externalUrl(url);
  if (allowed === null) return false;
  // eslint-disable-next-line no-restricted-properties -- this helper is the allowlist every link goes through
  void shell.openExternal(allowed); // eng-disable OPEN_EXTERNAL_JS_CHECK: reviewed, the argument has passed shell/externalUrl.ts
  return true;
}
