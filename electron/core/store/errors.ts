import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Problems with the local archive file, each with a message that tells the user what to do. */
export class ArchiveError extends Error {
  constructor(
    readonly code: 'too-new' | 'not-an-archive' | 'migration-edited' | 'cannot-open' | 'missing' | 'write-failed' | 'damaged' | 'read-only' | 'no-access' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** What to do after a write the disk refused. */
export const WRITE_FAILED_FIX =
  'Free some disk space (or move the archive to a disk with room), then do it again: a sync resumes where it stopped.';

const DISK_FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * A write the disk refused (full, a file-size limit, an I/O error), from SQLite or from Node, as an
 * ArchiveError that says so; null for any other error. SQLite rolls back the transaction it was in, so
 * everything committed before stays in the archive.
 */
export function writeFailure(error: unknown): ArchiveError | null {
  if (error instanceof ArchiveError) return error.code === 'write-failed' ? error : null;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const full = DISK_FULL.has(code);
  if (!full && !code.startsWith('SQLITE_IOERR')) return null;
  const path = (error as { path?: unknown }).path;
  const what = typeof path === 'string' ? path : 'the archive';
  // SQLite says "disk I/O error" for a size limit as for a failing disk: both are named.
  const detail = full ? '' : ` (${(error as Error).message})`;
  return new ArchiveError(
    'write-failed',
    `Lead Inbox could not write to ${what}: the disk refused the write${detail}; it may be full, or the file may have reached the largest size this system allows. Everything saved before this is kept.`,
  );
}

/** What to do after a write another program's kept waiting too long. */
export const BUSY_FIX = 'Do it again in a moment; nothing else was changed.';

/**
 * A write that waited out the busy timeout because another program (a sync in a cron job or a second
 * window) held the archive's write lock all that time, as an ArchiveError that says so; null otherwise.
 * SQLite changed nothing, so the edit can simply be made again.
 */
export function busyFailure(error: unknown): ArchiveError | null {
  if (error instanceof ArchiveError) return error.code === 'busy' ? error : null;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) return null;
  return new ArchiveError('busy', 'Another program was writing to the archive (a Lead Inbox sync running elsewhere, perhaps a scheduled one) for longer than Lead Inbox waits, so this change was not saved.');
}

/** What to do with a damaged archive. */
export const DAMAGED_FIX = 'Run lead-inbox check to see what is damaged, then restore the archive from a backup (lead-inbox backup makes one).';

/**
 * SQLite finding the archive's pages damaged (a truncated copy, a disk fault), at open or in the middle
 * of a query, as an ArchiveError that says so; null for any other error.
 */
export function damageFailure(error: unknown, file = 'The archive'): ArchiveError | null {
  if (error instanceof ArchiveError) return error.code === 'damaged' ? error : null;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_CORRUPT')) return null;
  return new ArchiveError('damaged', `${file} is damaged (${(error as Error).message}). Lead Inbox did not change it.`);
}

/** What to do when the archive's file or folder is read-only. */
export const READ_ONLY_FIX =
  'Copy the archive (with its -wal file, if there is one) to a folder you can write to and use the copy with --db, or make this one writable.';

/**
 * The archive's file or folder cannot be written (a read-only disk or share, permissions) as an
 * ArchiveError that says so; null when both can be written. SQLite needs the folder too: a WAL archive
 * keeps small -wal and -shm files beside it.
 */
export function readOnlyLocation(file: string): ArchiveError | null {
  for (const path of [file, dirname(file)]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') continue;
      const why = code === 'EROFS' ? 'it is on a read-only disk' : `you may not write ${path === file ? 'the file' : 'its folder'}`;
      return new ArchiveError('read-only', `${file} cannot be written: ${why}. Lead Inbox writes the archive as it works (SQLite keeps small -wal and -shm files beside it). Nothing was changed.`);
    }
  }
  return null;
}

/** What to do when the archive may not even be read. */
export const NO_ACCESS_FIX =
  'Run Lead Inbox as the user who owns the archive, or ask for read and write access to it and its folder; or copy it somewhere you can write to and use the copy with --db.';

function canEnter(folder: string): boolean {
  try {
    accessSync(folder, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function denied(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EACCES' || code === 'EPERM';
}

/**
 * The archive's file, or a folder on its way, may not be opened by this user, as an ArchiveError that
 * says which; null otherwise (also when the file does not exist). Without it a locked folder reads as
 * "there is no archive", which sends the user looking for a file that is there.
 */
export function noAccess(file: string): ArchiveError | null {
  try {
    statSync(file);
  } catch (error) {
    if (!denied(error)) return null;
    // The folder to name is the outermost one this user may not enter.
    let folder = dirname(file);
    while (dirname(folder) !== folder && !canEnter(dirname(folder))) folder = dirname(folder);
    return new ArchiveError('no-access', `${file} cannot be opened: you may not open its folder ${folder}. Nothing was changed.`);
  }
  try {
    accessSync(file, constants.R_OK);
    return null;
  } catch (error) {
    return denied(error) ? new ArchiveError('no-access', `${file} cannot be opened: you may not read the file. Nothing was changed.`) : null;
  }
}

const FIXES: Partial<Record<ArchiveError['code'], string>> = {
  'write-failed': WRITE_FAILED_FIX,
  damaged: DAMAGED_FIX,
  'read-only': READ_ONLY_FIX,
  'no-access': NO_ACCESS_FIX,
  busy: BUSY_FIX,
};

/** A failure of the archive's storage (a disk that refuses writes, damaged pages, a read-only place, a write lock held too long elsewhere) with what to do; null otherwise. */
export function storageFailure(error: unknown): { readonly error: ArchiveError; readonly fix: string } | null {
  const failure = writeFailure(error) ?? damageFailure(error) ?? busyFailure(error) ?? (error instanceof ArchiveError ? error : null);
  const fix = failure ? FIXES[failure.code] : undefined;
  return failure && fix ? { error: failure, fix } : null;
}
