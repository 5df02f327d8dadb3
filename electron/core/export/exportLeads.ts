import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { JsonValue } from '../leads';
import { countLeads, parseLeadQuery, prepareForQueries, systemClock, type Clock, type LeadQuery } from '../inbox';
import { filterSql, fromSql, orderBySql } from '../inbox/querySql';
import type { Archive } from '../store';
import { exportColumns, isExtraProperty, RECORD_FIELDS, recordFields, type CellValue, type ExportColumn, type ExportRecord } from './columns';
import { csvSink, xlsxSink, type RowSink } from './sinks';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportProgress {
  readonly rows: number;
  readonly total: number;
}

export interface ExportOptions {
  readonly file: string;
  /** Taken from the file name when left out. */
  readonly format?: ExportFormat;
  readonly columns?: 'default' | 'all';
  /** CSV only: a UTF-8 byte-order mark so Excel reads accents right (default true). */
  readonly bom?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly clock?: Clock;
}

export interface ExportResult {
  readonly file: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly columns: string[];
  readonly cancelled: boolean;
  readonly seconds: number;
}

export function formatFor(file: string, format?: ExportFormat): ExportFormat {
  if (format) return format;
  if (/\.xlsx$/i.test(file)) return 'xlsx';
  if (/\.csv$/i.test(file)) return 'csv';
  throw new RangeError(`Cannot tell the format of "${basename(file)}": name it .csv or .xlsx.`);
}

const TRIAGE_SQL: Partial<Record<(typeof RECORD_FIELDS)[number], string>> = {
  status: "coalesce(t.status, 'new') AS status",
  notes: "coalesce(t.notes, '') AS notes",
};
const fieldSql = (field: (typeof RECORD_FIELDS)[number]) => TRIAGE_SQL[field] ?? `l.${field}`;

/** A connection of its own, so a long export never holds the app's connection busy; WAL gives it a snapshot. */
function readConnection(archive: Archive): { db: Database.Database; close(): void } {
  if (archive.file === ':memory:') return { db: archive.db, close: () => undefined };
  const native = archive.options.nativeBinding;
  const db = new Database(archive.file, { readonly: true, fileMustExist: true, ...(native ? { nativeBinding: native } : {}) });
  return { db, close: () => db.close() };
}

function extraProperties(db: Database.Database, where: string, params: unknown[]): string[] {
  const keys = db.prepare(`SELECT DISTINCT j.key AS k ${fromSql()}, json_each(l.raw_json) j WHERE ${where}`).pluck().all(...params) as string[];
  const byFolded = new Map<string, string>();
  for (const key of keys) if (isExtraProperty(key) && !byFolded.has(key.toLowerCase())) byFolded.set(key.toLowerCase(), key);
  return [...byFolded.values()].sort((a, b) => a.localeCompare(b));
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

/**
 * Writes exactly the leads a query selects, in its order, to CSV or XLSX, streaming row by row. The file
 * appears only when complete: rows go to a temporary file that is renamed at the end, and a cancelled or
 * failed export leaves nothing behind.
 */
export async function exportLeads(archive: Archive, input: LeadQuery | unknown, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const query = parseLeadQuery(input);
  const format = formatFor(options.file, options.format);
  const clock = options.clock ?? systemClock();
  prepareForQueries(archive);
  const total = countLeads(archive, query, clock);
  const { where, params } = filterSql(query, clock);
  const connection = readConnection(archive);
  const partial = join(dirname(options.file), `.${basename(options.file)}.partial`);
  let rows = 0;
  let cancelled = false;
  try {
    const all = options.columns === 'all';
    const columns = exportColumns(all ? 'all' : 'default', all ? extraProperties(connection.db, where, params) : []);
    const sink: RowSink = format === 'csv' ? csvSink(partial, columns, { bom: options.bom ?? true }) : xlsxSink(partial, columns);
    // Arrays, not objects: at a million rows, building an object per row costs more than the CSV itself.
    const statement = connection.db.prepare(`SELECT ${recordFields(all ? 'all' : 'default').map(fieldSql).join(', ')} ${fromSql()} WHERE ${where} ORDER BY ${orderBySql(query)}`).raw();
    for (const record of statement.iterate(...params) as IterableIterator<ExportRecord>) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      // Awaiting only real back-pressure: a promise per row would cost more than writing it.
      const pending = sink.write(cellsFor(columns, record));
      if (pending) await pending;
      if (++rows % 5000 === 0) options.onProgress?.({ rows, total });
    }
    await sink.finish();
    if (cancelled) {
      rmSync(partial, { force: true });
    } else {
      renameSync(partial, options.file);
      options.onProgress?.({ rows, total });
    }
    return { file: options.file, format, rows, columns: columns.map((c) => c.header), cancelled, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    connection.close();
  }
}
