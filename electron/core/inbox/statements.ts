import type { Statement } from 'better-sqlite3';
import type { Archive } from '../store';

const caches = new WeakMap<Archive, Map<string, Statement>>();

/** A prepared statement for this SQL, kept per archive: the same queries repeat as the user scrolls. */
export function prepared<T = Record<string, unknown>>(archive: Archive, sql: string): Statement<unknown[], T> {
  let cache = caches.get(archive);
  if (!cache) caches.set(archive, (cache = new Map()));
  if (cache.size > 500) cache.clear();
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = archive.db.prepare(sql)));
  return statement as Statement<unknown[], T>;
}
