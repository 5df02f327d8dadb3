/**
 * What the app may hand to the operating system to open: web pages, and a mail or phone link to one
 * address or number, nothing else (no file:, no custom schemes, no mail headers that copy, attach or
 * redirect). Returns the URL to open, or null to refuse it.
 */
const MAIL_FIELDS = new Set(['subject', 'body']);

export function externalUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  switch (parsed.protocol) {
    case 'http:':
    case 'https:':
      return parsed.username || parsed.password ? null : parsed.toString();
    case 'mailto:': {
      const to = decodeURIComponentSafely(parsed.pathname);
      if (to === null || !/^[^\s@,;]+@[^\s@,;]+$/.test(to)) return null;
      for (const field of parsed.searchParams.keys()) if (!MAIL_FIELDS.has(field.toLowerCase())) return null;
      return parsed.toString();
    }
    case 'tel:':
      return /^\+?[\d-]{3,}$/.test(parsed.pathname) ? parsed.toString() : null;
    default:
      return null;
  }
}

/** decodeURIComponent that answers null, instead of throwing, for a stray `%`. */
function decodeURIComponentSafely(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
