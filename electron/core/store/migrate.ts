import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ArchiveError } from './errors';
import { LATEST_SCHEMA_VERSION, type Migration } from './migrations';

export function checksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The words that mark the refusal below wherever its message travels (a worker's error, a CLI's stderr). */
export const NEWER_ARCHIVE = 'written by a newer version of Lead Inbox';

/** Refuses, before anything is written, an archive made by a newer Lead Inbox. */
export function assertNotNewer(db: Database.Database, file: string, latest = LATEST_SCHEMA_VERSION): void {
  const version = schemaVersion(db);
  if (version > latest) {
    throw new ArchiveError(
      'too-new',
      `The archive ${file} was ${NEWER_ARCHIVE} (schema ${version}; this version ` +
        `knows up to ${latest}). Update Lead Inbox to open it (the desktop app: Help › Check for Updates; the command ` +
        'line: npm install -g lead-inbox). The file was not changed.',
    );
  }
}

/** Applies every migration the archive lacks, each in its own transaction, after checking the shipped ones. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    (db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[]).map(
      (row) => [row.version, row.checksum],
    ),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  for (const migration of migrations) {
    const sum = checksum(migration);
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== sum) {
        throw new ArchiveError(
          'migration-edited',
          `Archive migration ${migration.version} (${migration.name}) differs from the one this archive was ` +
            'built with. This is a bug in this build of Lead Inbox; the archive was not changed.',
        );
      }
      continue;
    }
    db.transaction(() => {
      // Another process opening the same archive may have applied it while this one waited for the lock.
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, sum, new Date().toISOString());
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
