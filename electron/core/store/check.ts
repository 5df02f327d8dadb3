import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { formatCount } from '../formatCount';
import { statsDeferred } from './deferredIndexes';
import { NO_ACCESS_FIX, noAccess, readOnlyLocation } from './errors';
import { LATEST_SCHEMA_VERSION } from './migrations';

export interface DestinationCount {
  readonly destinationId: string;
  readonly name: string | null;
  readonly leads: number;
  readonly testLeads: number;
  readonly lastSyncAt: string | null;
}

export interface ArchiveCheck {
  readonly file: string;
  /** True when SQLite's integrity check passes and every derived table agrees with the leads. */
  readonly sound: boolean;
  /** What is wrong, one sentence each, with what to do. */
  readonly problems: readonly string[];
  /** Facts worth knowing that are not faults (an older schema, indexes a cut-short first sync left). */
  readonly notes: readonly string[];
  readonly bytes: number;
  readonly schemaVersion: number;
  readonly leads: number;
  readonly triaged: number;
  readonly savedViews: number;
  readonly destinations: readonly DestinationCount[];
}

function unsound(file: string, problem: string): ArchiveCheck {
  return {
    file,
    sound: false,
    problems: [problem],
    notes: [],
    bytes: existsSync(file) ? statSync(file).size : 0,
    schemaVersion: 0,
    leads: 0,
    triaged: 0,
    savedViews: 0,
    destinations: [],
  };
}

/**
 * Checks an archive file without changing it: opened read-only, never migrated. Runs SQLite's full
 * integrity check, then compares what is derived from the leads (full-text index, running counts)
 * with the leads themselves, and counts leads per destination.
 */
export function checkArchiveFile(file: string, options: { nativeBinding?: string } = {}): ArchiveCheck {
  const locked = noAccess(file);
  if (locked) return unsound(file, `${locked.message} ${NO_ACCESS_FIX}`);
  if (!existsSync(file)) return unsound(file, `There is no archive at ${file}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    return unsound(file, readOnlyProblem(file) ?? `Cannot open ${file}: ${(error as Error).message}. Check that the file is readable.`);
  }
  try {
    return checkOpen(db, file);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A read-only folder says SQLITE_READONLY_DIRECTORY: the -shm file could not be created there.
    const readOnly = code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') ? readOnlyProblem(file) : null;
    return unsound(file, readOnly ?? `${file} is not a sound Lead Inbox archive (${(error as Error).message}). Restore it from a backup (see docs/archive.md); this file was not changed.`);
  } finally {
    db.close();
  }
}

/** Even reading a WAL archive writes a small -shm file beside it: on a read-only disk, say so. */
function readOnlyProblem(file: string): string | null {
  const readOnly = readOnlyLocation(file);
  return readOnly ? `${readOnly.message} To check it, copy it (with its -wal file, if there is one) to a folder you can write to and check the copy.` : null;
}

function checkOpen(db: Database.Database, file: string): ArchiveCheck {
  const problems: string[] = [];
  const notes: string[] = [];
  const one = <T>(sql: string) => db.prepare(sql).pluck().get() as T;
  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
    const shown = integrity.slice(0, 5).map((row) => row.integrity_check).join('; ');
    problems.push(`SQLite's integrity check found damage (${shown}${integrity.length > 5 ? `; ${integrity.length - 5} more` : ''}). Restore the archive from a backup; this file was not changed.`);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  if (!tables.has('leads') || !tables.has('schema_migrations')) {
    problems.push(`${file} is not a Lead Inbox archive: it has no leads table. Check the path.`);
    return { file, sound: false, problems, notes, bytes: statSync(file).size, schemaVersion: version, leads: 0, triaged: 0, savedViews: 0, destinations: [] };
  }
  if (version > LATEST_SCHEMA_VERSION) {
    problems.push(`The archive was written by a newer version of Lead Inbox (schema ${version}; this one knows up to ${LATEST_SCHEMA_VERSION}). Update Lead Inbox to check or open it.`);
  } else if (version < LATEST_SCHEMA_VERSION) {
    notes.push(`The archive has schema ${version}; Lead Inbox upgrades it to ${LATEST_SCHEMA_VERSION} the next time it opens it.`);
  }
  const leads = one<number>('SELECT count(*) FROM leads');
  if (tables.has('leads_fts')) {
    const indexed = one<number>('SELECT count(*) FROM leads_fts');
    if (indexed !== leads) problems.push(`The search index holds ${formatCount(indexed)} leads of ${formatCount(leads)}. Restore the archive from a backup, or report this.`);
  }
  const cutShort = tables.has('archive_meta') && one<number>("SELECT count(*) FROM archive_meta WHERE key = 'deferred_indexes'") > 0;
  if (cutShort) {
    notes.push('A first sync was cut short before it built the filter indexes and running counts: every lead is there; the next sync builds them.');
  }
  const destinations = db
    .prepare(
      `SELECT l.destination_id AS destinationId, d.name AS name, count(*) AS leads, sum(l.is_test) AS testLeads, s.last_success_at AS lastSyncAt
       FROM leads l LEFT JOIN destinations d ON d.id = l.destination_id LEFT JOIN sync_state s ON s.destination_id = l.destination_id
       GROUP BY l.destination_id ORDER BY l.destination_id`,
    )
    .all() as DestinationCount[];
  // A first load makes its running counts at the end: until then they are not kept, so not compared.
  if (tables.has('lead_stats') && !(cutShort && statsDeferred(db))) {
    // Syncs report each destination's total from these counts, so they are checked destination by destination.
    const counted = new Map(db.prepare('SELECT destination_id, sum(n) FROM lead_stats GROUP BY 1').raw().all() as [string, number][]);
    const held = new Map(destinations.map((d) => [d.destinationId, d.leads]));
    for (const id of new Set([...counted.keys(), ...held.keys()])) {
      const says = counted.get(id) ?? 0;
      const has = held.get(id) ?? 0;
      if (says !== has) problems.push(`The archive's running counts say ${formatCount(says)} leads for ${id}, which holds ${formatCount(has)}. Report this; no lead is lost.`);
    }
  }
  return {
    file,
    sound: problems.length === 0,
    problems,
    notes,
    bytes: statSync(file).size,
    schemaVersion: version,
    leads,
    triaged: tables.has('lead_triage') ? one<number>('SELECT count(*) FROM lead_triage') : 0,
    savedViews: tables.has('saved_views') ? one<number>('SELECT count(*) FROM saved_views') : 0,
    destinations,
  };
}
