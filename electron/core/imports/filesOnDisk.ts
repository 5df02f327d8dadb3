import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportedFile } from './importedFile';
import { kindOf, MAX_IMPORT_FILE_BYTES, tooLarge, type LeadFile } from './importFiles';

/**
 * The lead files named on a command line: files as given, and every `.json`, `.jsonl` and `.csv` file in
 * a folder and its subfolders (other files there are not leads and are passed over). A path that cannot
 * be read is reported in the same form as a file that could not be imported.
 */
export function leadFilesAt(paths: readonly string[]): { files: LeadFile[]; unreadable: ImportedFile[] } {
  const files: LeadFile[] = [];
  const unreadable: ImportedFile[] = [];
  const fail = (path: string, message: string) =>
    unreadable.push({ name: path, kind: null, leads: 0, inserted: 0, updated: 0, unchanged: 0, problems: [{ line: null, message }], unrecognisedColumns: [] });
  const visit = (path: string, named: boolean) => {
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      return fail(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder.' : `cannot be read (${(error as Error).message}).`);
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), false);
      return;
    }
    if (!named && !kindOf(path)) return;
    if (stat.size > MAX_IMPORT_FILE_BYTES) return fail(path, tooLarge());
    files.push({ name: path, bytes: readFileSync(path), modifiedAt: stat.mtime.toISOString() });
  };
  for (const path of paths) visit(path, true);
  return { files, unreadable };
}
