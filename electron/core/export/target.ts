import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** An export that cannot be written where the user asked, said in the user's own terms (never a temp name). */
export class ExportTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportTargetError';
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the disk refused the write: it may be full, or the file may have reached the largest size this system allows',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Makes sure `file`'s folder exists before an export starts. One missing last folder is created (asking
 * for `exports/leads.csv` where `exports` is new means "make it"); deeper gaps are a typo until proven
 * otherwise, so the first missing folder is named instead.
 */
export function prepareExportFolder(file: string): void {
  const folder = dirname(resolve(file));
  if (existsSync(folder)) {
    if (!statSync(folder).isDirectory()) throw new ExportTargetError(`Cannot write ${file}: ${folder} is a file, not a folder.`);
    return;
  }
  const parent = dirname(folder);
  if (existsSync(parent) && statSync(parent).isDirectory()) {
    try {
      mkdirSync(folder, { mode: 0o700 });
      return;
    } catch (error) {
      throw asTargetError(error, file);
    }
  }
  let missing = folder;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  throw new ExportTargetError(`Cannot write ${file}: the folder ${missing} does not exist. Create it, or choose another file.`);
}

/** A file-system error met while writing `file` (or its temporary sibling), in words that name `file`. */
export function asTargetError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !(code in REASONS || code === 'ENOENT')) return error;
  return new ExportTargetError(`Cannot write ${file}: ${REASONS[code] ?? 'its folder is gone'}.`);
}
