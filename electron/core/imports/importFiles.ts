import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { leadFromEntity, type SourceEntity } from '../leads';
import type { Archive } from '../store';
import { recordImportedFile } from '../store/importedFiles';
import { IMPORTED_DESTINATION } from './destination';
import type { FileProblem, ImportedFile, ImportResult, LeadFileKind } from './importedFile';
import { parsePayloadFile, type ParsedLeads } from './payloadFile';
import { parseReferralsFile } from './referralsFile';


/** The largest file an import reads (HTTPS payloads are a few KB each; Partner Center stops at 5,000 rows). */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

/** A file to import: its name (its extension says its kind), its bytes, and its own time. */
export interface LeadFile {
  readonly name: string;
  readonly bytes: Buffer;
  /** ISO 8601; stands in for the receive time of leads that carry none. */
  readonly modifiedAt: string;
}

export function kindOf(name: string): { kind: LeadFileKind; format: 'json' | 'jsonl' | 'csv' } | null {
  switch (extname(name).toLowerCase()) {
    case '.json':
      return { kind: 'https-payloads', format: 'json' };
    case '.jsonl':
    case '.ndjson':
      return { kind: 'https-payloads', format: 'jsonl' };
    case '.csv':
      return { kind: 'partner-center-referrals', format: 'csv' };
    default:
      return null;
  }
}

function parseFile(file: LeadFile, format: 'json' | 'jsonl' | 'csv'): ParsedLeads & { unrecognised: string[] } {
  const text = file.bytes.toString('utf8');
  if (format !== 'csv') return { ...parsePayloadFile(text, format, file.modifiedAt), unrecognised: [] };
  try {
    return parseReferralsFile(text, file.modifiedAt);
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    return { entities: [], problems: [{ line, message: `not valid CSV: ${(error as Error).message}; nothing in this file was imported.` }], unrecognised: [] };
  }
}

export const tooLarge = () => `larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB; split it into smaller files.`;

const skipped = (name: string, problem: FileProblem): ImportedFile => ({
  name,
  kind: null,
  leads: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  problems: [problem],
  unrecognisedColumns: [],
});

/**
 * Imports lead files into the archive, each in one transaction, so a file is in whole or not at all, and a
 * broken line, item or file is reported while every other one still imports. Importing the same content
 * again (in either key casing) adds nothing; triage is never touched.
 */
export function importLeadFiles(archive: Archive, files: readonly LeadFile[], now: () => string = () => new Date().toISOString()): ImportResult {
  const results: ImportedFile[] = [];
  for (const file of files) {
    const { name } = file;
    const type = kindOf(name);
    if (!type) {
      results.push(skipped(name, { line: null, message: 'not a lead file: name it .json or .jsonl (HTTPS-endpoint payloads) or .csv (a Partner Center download).' }));
      continue;
    }
    if (file.bytes.length > MAX_IMPORT_FILE_BYTES) {
      results.push(skipped(name, { line: null, message: tooLarge() }));
      continue;
    }
    const parsed = parseFile(file, type.format);
    const leads = parsed.entities.map((entity: SourceEntity) => leadFromEntity(entity, IMPORTED_DESTINATION));
    const outcome = archive.transaction(() => {
      const upserted = archive.upsertLeads(leads);
      // A file that gave no lead is reported, not remembered: it is not part of what the archive holds.
      if (leads.length === 0) return upserted;
      recordImportedFile(archive, {
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        name: basename(name),
        kind: type.kind,
        leads: leads.length,
        problems: parsed.problems.length,
        importedAt: now(),
      });
      return upserted;
    });
    results.push({
      name,
      kind: type.kind,
      leads: leads.length,
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      problems: parsed.problems,
      unrecognisedColumns: parsed.unrecognised,
    });
  }
  const total = archive.countLeadsOf(IMPORTED_DESTINATION);
  const sum = (key: 'inserted' | 'updated' | 'unchanged') => results.reduce((n, r) => n + r[key], 0);
  return { files: results, inserted: sum('inserted'), updated: sum('updated'), unchanged: sum('unchanged'), total };
}
