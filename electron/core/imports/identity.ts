import { createHash } from 'node:crypto';
import { foldKey, type JsonValue } from '../leads';

/** A value with every object key folded (`UserDetails`, `userDetails`, `user_details` alike) and sorted. */
function canonical(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value.trim() : value;
  const entries = Object.entries(value).map(([key, inner]) => [foldKey(key), canonical(inner)] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * A lead's identity when its file carries none (HTTPS payloads have no id or time): the hash of its content
 * with key casing and spelling folded, so the same lead saved in camelCase and in PascalCase, or imported
 * twice, is one lead.
 */
export function contentIdentity(value: JsonValue): string {
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}
