import Database from 'better-sqlite3';
import type { JsonValue } from '../leads';
import { RECORD_FIELDS, recordFields, type CellValue, type ExportColumn, type ExportRecord, type RecordSet } from './columns';

/** Where exported rows go, one at a time, with back-pressure. */
export interface RowSink {
  write(cells: readonly CellValue[]): Promise<void> | void;
  finish(): Promise<void>;
  /** Releases the file after a failure, without finishing it, so that it can be removed. */
  abandon(): Promise<void>;
}

/**
 * Triage lives in its own table and most leads have none: their status and notes come back as NULL, and the
 * columns read that as 'new' and ''. Handing SQLite's text to JavaScript costs per value, so two strings
 * fewer a row is a few percent of a million-lead export.
 */
const TRIAGE_FIELDS: ReadonlySet<(typeof RECORD_FIELDS)[number]> = new Set(['status', 'notes']);

/** The select list of an export: the fields its column set shows, in RECORD_FIELDS order. */
export function recordSql(set: RecordSet): string {
  return recordFields(set)
    .map((field) => `${TRIAGE_FIELDS.has(field) ? 't' : 'l'}.${field}`)
    .join(', ');
}

/** A read-only connection to an archive file, for an export of its own (WAL gives it a snapshot). */
export function openReadConnection(file: string, nativeBinding?: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  // An export reads each page about once: a large page cache would only add to the app's memory.
  db.pragma('cache_size = -2000');
  return db;
}

const RAW_JSON = RECORD_FIELDS.indexOf('raw_json');

function cellsFor(columns: readonly ExportColumn[], record: ExportRecord): CellValue[] {
  const rawJson = record[RAW_JSON];
  const raw = typeof rawJson === 'string' ? (JSON.parse(rawJson) as Record<string, JsonValue>) : null;
  return columns.map((column) => {
    const value = column.value(record, raw);
    if (column.kind === 'date') return typeof value === 'string' && value !== '' ? value : null;
    return value;
  });
}

export interface RecordsWritten {
  readonly rows: number;
  readonly stopped: boolean;
}

/**
 * Writes query records to a sink until they end or `stop()` says so, passing over those `keep` refuses;
 * `counted` hears every 5,000 rows written.
 * Arrays, not objects: at a million rows, building an object per row costs more than the CSV itself.
 */
export async function writeRecords(
  records: IterableIterator<ExportRecord>,
  columns: readonly ExportColumn[],
  sink: RowSink,
  control: { stop(): boolean; counted(rows: number): void; keep?: (record: ExportRecord) => boolean },
): Promise<RecordsWritten> {
  let rows = 0;
  const { keep } = control;
  for (const record of records) {
    if (control.stop()) {
      records.return?.();
      return { rows, stopped: true };
    }
    if (keep && !keep(record)) continue;
    // Awaiting only real back-pressure: a promise per row would cost more than writing it.
    const pending = sink.write(cellsFor(columns, record));
    if (pending) await pending;
    if (++rows % 5000 === 0) control.counted(rows);
  }
  return { rows, stopped: false };
}
