import nodePath, { type PlatformPath } from 'node:path';

/**
 * The file a `file:` URL names, in `path`'s own form: `file:///C:/Users/Ana/x` is `C:\Users\Ana\x` on
 * Windows, `file://server/share/x` is `\\server\share\x`. Null for anything else, and for encoded
 * separators, which would let a URL name one path and pass for another.
 */
export function filePathOfUrl(url: string, path: PlatformPath = nodePath): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:' || /%2f|%5c/i.test(parsed.pathname)) return null;
  // A `%` that starts no escape is the path's own character (an install folder named "100%"), not an error.
  const pathname = decodeURIComponent(parsed.pathname.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  if (path.sep === '\\') {
    if (parsed.hostname) return path.normalize(`\\\\${parsed.hostname}${pathname.replaceAll('/', '\\')}`);
    if (!/^\/[A-Za-z]:\//.test(pathname)) return null;
    return path.normalize(pathname.slice(1));
  }
  return parsed.hostname ? null : path.normalize(pathname);
}

/** Whether `url` is one of the app's own pages: a file inside `appRoot` (a drive path, case-blind, on Windows). */
export function isAppUrl(url: string, appRoot: string, path: PlatformPath = nodePath): boolean {
  const file = filePathOfUrl(url, path);
  if (file === null) return false;
  const inside = path.relative(path.resolve(appRoot), file);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside);
}

/** What main.ts hands the IPC table: a frame is trusted when its page is one of the app's own files. */
export function trustedSender(appRoot: string, path: PlatformPath = nodePath) {
  return (event: { readonly senderFrame: { readonly url: string } | null }): boolean => event.senderFrame !== null && isAppUrl(event.senderFrame.url, appRoot, path);
}
