import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Archive } from './archive';
import { ArchiveError } from './errors';

export interface BackupOptions {
  /** Keep the saved destinations' encrypted secrets in the copy (they open only on this machine anyway). */
  readonly includeSecrets?: boolean;
  readonly onProgress?: (copiedPages: number, totalPages: number) => void;
  /** The SQLite driver for this runtime (see ArchiveOptions). */
  readonly nativeBinding?: string;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly leads: number;
  readonly secretsKept: boolean;
}

/** Pages copied per step: small enough for progress, large enough that a busy writer rarely restarts a step. */
const STEP_PAGES = 4096;
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the archive to `out` with SQLite's online backup, while the app or another process keeps
 * syncing: a write by another connection restarts the copy, and after a restart the rest is copied in
 * one step (one read snapshot), so a busy writer cannot keep it from finishing. The copy is written
 * under a temporary name beside `out` (0600), made a single self-contained file, stripped of saved
 * secrets unless asked, checked, and only then renamed to `out`: a failed backup leaves nothing behind.
 */
export async function backupArchive(archive: Archive, out: string, options: BackupOptions = {}): Promise<BackupResult> {
  const target = resolve(out);
  if (archive.file !== ':memory:' && sameFile(target, resolve(archive.file))) {
    throw new ArchiveError('cannot-open', `${out} is the archive itself: choose another file for the backup.`);
  }
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    closeSync(openSync(partial, 'wx', 0o600));
  } catch (error) {
    throw new ArchiveError('cannot-open', `Cannot write the backup in ${dirname(target)}: ${(error as NodeJS.ErrnoException).message}. Choose a folder you can write to.`);
  }
  try {
    let lastRemaining = Infinity;
    const { totalPages: copied } = await archive.db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages);
        const restarted = remainingPages > lastRemaining;
        lastRemaining = remainingPages;
        return restarted ? ALL_PAGES : STEP_PAGES;
      },
    });
    // The last step reports nothing by itself (a small archive is copied in one).
    options.onProgress?.(copied, copied);
    const leads = finishCopy(partial, options);
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, leads, secretsKept: options.includeSecrets === true };
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('cannot-open', `The backup to ${out} failed: ${(error as Error).message}. Nothing was written there; the archive is unchanged.`);
  }
}

/** Makes the copy one file, removes secrets unless kept, and checks it; returns its lead count. */
function finishCopy(file: string, options: BackupOptions): number {
  const db = new Database(file, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    db.pragma('journal_mode = DELETE');
    if (!options.includeSecrets) {
      // Overwritten, not just unlinked from the page: the ciphertext must not linger in free pages.
      db.pragma('secure_delete = ON');
      db.exec('DELETE FROM destination_secrets');
    }
    const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (problems.length !== 1 || problems[0]!.quick_check !== 'ok') {
      throw new Error(`the copy does not pass SQLite's check (${problems.map((p) => p.quick_check).join('; ')})`);
    }
    return (db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
