import type { Archive } from './archive';

/** A file imported into the archive, as the archive remembers it. */
export interface ImportedFileRecord {
  readonly sha256: string;
  readonly name: string;
  readonly kind: string;
  /** Leads the file held (new or already archived). */
  readonly leads: number;
  /** Lines or items that could not be read. */
  readonly problems: number;
  readonly importedAt: string;
}

export function recordImportedFile(archive: Archive, file: ImportedFileRecord): void {
  archive.db
    .prepare(
      `INSERT INTO imported_files (sha256, name, kind, leads, problems, imported_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO UPDATE SET name = excluded.name, kind = excluded.kind, leads = excluded.leads,
         problems = excluded.problems, imported_at = excluded.imported_at`,
    )
    .run(file.sha256, file.name, file.kind, file.leads, file.problems, file.importedAt);
}

export function listImportedFiles(archive: Archive): ImportedFileRecord[] {
  return archive.db
    .prepare('SELECT sha256, name, kind, leads, problems, imported_at AS importedAt FROM imported_files ORDER BY imported_at DESC, name')
    .all() as ImportedFileRecord[];
}
