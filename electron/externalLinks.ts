import { shell } from 'electron';

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The only way the app opens anything outside itself: web and mail links, nothing else. */
export function openExternalSafely(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!ALLOWED.has(parsed.protocol)) return false;
  // eslint-disable-next-line no-restricted-properties -- this helper is the allowlist every link goes through
  void shell.openExternal(parsed.toString());
  return true;
}
