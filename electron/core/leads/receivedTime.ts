/**
 * `CreatedTime` is a string whose format Microsoft does not document. Seen and expected: ISO 8601 (with or
 * without an offset) and .NET's `M/d/yyyy h:mm:ss AM/PM` / `M/d/yyyy H:mm:ss`. Values without an offset are
 * taken as UTC, as the marketplace's services write UTC.
 */

const US_DATE_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?)?\s*(?:Z|UTC|GMT|([+-]\d{2}:?\d{2}))?$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function offsetMinutes(offset: string | undefined): number {
  if (!offset || /^z$/i.test(offset)) return 0;
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const hours = Number(digits.slice(1, 3));
  const minutes = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
  return sign * (hours * 60 + minutes);
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  offset: number,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  const date = new Date(utc);
  // Date.UTC rolls 31 February over into March; such input is not a real date.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(utc) || check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return date.toISOString();
}

/** The form most values already have (and the one returned): UTC, `T`, `Z`, any fraction of a second. */
const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `build`'s answer for a canonical value, written without two Dates (a sync parses one per lead): the
 * same checks, the fraction cut to milliseconds. Years before 100 are left to `build` (Date.UTC's rule).
 */
function canonicalUtc(text: string): string | null | undefined {
  const match = CANONICAL_UTC.exec(text);
  if (!match) return undefined;
  const year = +match[1]!;
  const month = +match[2]!;
  const day = +match[3]!;
  if (year < 100) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (days === undefined || day < 1 || day > days || +match[4]! > 23 || +match[5]! > 59 || +match[6]! > 59) return null;
  return `${text.slice(0, 19)}.${(match[7] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/** Parses a `CreatedTime` value to an ISO 8601 UTC string, or null when it is not a recognizable time. */
export function parseCreatedTime(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const canonical = canonicalUtc(text);
  if (canonical !== undefined) return canonical;
  const iso = ISO_DATE_TIME.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac, off] = iso;
    return build(+y!, +mo!, +d!, +h, +mi, +s, frac, offsetMinutes(off));
  }
  const us = US_DATE_TIME.exec(text);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', frac, ampm, off] = us;
    let hour = +h;
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (/p/i.test(ampm) ? 12 : 0);
    }
    return build(+y!, +mo!, +d!, hour, +mi, +s, frac, offsetMinutes(off));
  }
  return null;
}

export type ReceivedSource = 'CreatedTime' | 'Timestamp' | 'unknown';

export interface ReceivedTime {
  /** ISO 8601 UTC; the epoch when neither time is usable, so such leads sort last instead of vanishing. */
  readonly receivedAt: string;
  readonly receivedFrom: ReceivedSource;
}

export function receivedTime(createdTime: unknown, timestamp: string | null | undefined): ReceivedTime {
  const created = parseCreatedTime(createdTime);
  if (created) return { receivedAt: created, receivedFrom: 'CreatedTime' };
  const service = timestamp ? parseCreatedTime(timestamp) : null;
  if (service) return { receivedAt: service, receivedFrom: 'Timestamp' };
  return { receivedAt: new Date(0).toISOString(), receivedFrom: 'unknown' };
}
