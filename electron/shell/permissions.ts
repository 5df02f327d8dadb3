/**
 * What the window may ask the browser for: writing text to the clipboard (its Copy buttons call
 * navigator.clipboard.writeText, which Chromium asks as `clipboard-sanitized-write`), and only from the
 * app's own pages. Everything else (camera, notifications from the page, clipboard reading, ...) is refused.
 */
const ALLOWED = new Set(['clipboard-sanitized-write']);

export function allowPermission(permission: string, requestingUrl: string | undefined, isAppPage: (url: string) => boolean): boolean {
  return ALLOWED.has(permission) && requestingUrl !== undefined && isAppPage(requestingUrl);
}
