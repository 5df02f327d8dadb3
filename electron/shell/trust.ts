import nodePath, { type PlatformPath } from 'node:path';

/**
 * The window's pages come from the app's own scheme, not `file:` (Electron's security checklist, item 18:
 * `file:` pages may read any file the user can, and share one origin with every other local file). A
 * standard, secure scheme gives the pages an origin of their own: app://lead-inbox.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lead-inbox';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether `url` is one of the app's own pages. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/**
 * The file inside `rendererDir` an app page's URL names (the protocol handler serves it), or null: another
 * origin, a path that climbs out, or encoded separators, which would let a URL name one path and pass for
 * another. A `%` that starts no escape is the path's own character. `path` is node:path, or path.win32 /
 * path.posix to decide for another platform.
 */
export function appFileFor(url: string, rendererDir: string, path: PlatformPath = nodePath): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  if (/%2f|%5c/i.test(pathname) || pathname.includes('\\')) return null;
  const decoded = decodeURIComponent(pathname.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((part) => part === '..' || part.includes('\0'))) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...(parts.length > 0 ? parts : ['index.html']));
  const inside = path.relative(root, file);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside) ? file : null;
}

/** The type the protocol handler serves a file as. */
export function contentTypeOf(file: string): string {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };
  return types[nodePath.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** What main.ts hands the IPC table: a frame is trusted when its page is one of the app's own. */
export function trustedSender() {
  return (event: { readonly senderFrame: { readonly url: string } | null }): boolean => event.senderFrame !== null && isAppUrl(event.senderFrame.url);
}
