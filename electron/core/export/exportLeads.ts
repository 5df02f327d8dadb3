import type Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { countLeads, parseLeadQuery, prepareForQueries, systemClock, type Clock, type LeadQuery } from '../inbox';
import { filterSql, fromKeySql, fromSql, orderBySql, sortKeySql } from '../inbox/querySql';
import type { Archive } from '../store';
import { exportColumns, isExtraProperty, type ExportRecord } from './columns';
import { appendParts, rangeStarts, startRanges, threadsFor } from './exportRanges';
import { csvSink } from './csvSink';
import { asTargetError, prepareExportFolder } from './target';
import { openReadConnection, recordSql, writeRecords, type RowSink } from './writeRecords';

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
  /** Threads that share a CSV export; by default one per core (up to 4) from 200,000 rows. */
  readonly threads?: number;
}

export interface ExportResult {
  readonly file: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly columns: string[];
  readonly cancelled: boolean;
  readonly seconds: number;
  /** Threads that wrote the file. */
  readonly threads: number;
}

export function formatFor(file: string, format?: ExportFormat): ExportFormat {
  if (format) return format;
  if (/\.xlsx$/i.test(file)) return 'xlsx';
  if (/\.csv$/i.test(file)) return 'csv';
  throw new RangeError(`Cannot tell the format of "${basename(file)}": name it .csv or .xlsx.`);
}

function extraProperties(db: Database.Database, where: string, params: unknown[]): string[] {
  const keys = db.prepare(`SELECT DISTINCT j.key AS k ${fromSql()}, json_each(l.raw_json) j WHERE ${where}`).pluck().all(...params) as string[];
  const byFolded = new Map<string, string>();
  for (const key of keys) if (isExtraProperty(key) && !byFolded.has(key.toLowerCase())) byFolded.set(key.toLowerCase(), key);
  return [...byFolded.values()].sort((a, b) => a.localeCompare(b));
}

/** Cleanup after a cancel or failure: a file that cannot be removed must not hide what went wrong. */
function removeQuietly(files: readonly string[]): void {
  for (const file of files) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Left for the user to delete; the export's own outcome is what they need to hear about.
    }
  }
}

const sum = (counts: Int32Array) => counts.reduce((total, count) => total + count, 0);

/**
 * Writes exactly the leads a query selects, in its order, to CSV or XLSX, streaming row by row. The file
 * appears only when complete: rows go to a temporary file that is renamed at the end, and a cancelled or
 * failed export leaves nothing behind.
 *
 * A large CSV export is split into ranges of the query's order, one per core: this thread writes the
 * first, worker threads the others into part files appended at the end. The first range and the range
 * starts come from one snapshot; each worker reads its own, so a lead a sync changes meanwhile shows its
 * newest values. Its sort key decides which range holds it: only a lead whose sort key (say, its company)
 * changes during the export can land in two ranges or none.
 */
export async function exportLeads(archive: Archive, input: LeadQuery | unknown, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const query = parseLeadQuery(input);
  const format = formatFor(options.file, options.format);
  prepareExportFolder(options.file);
  const clock = options.clock ?? systemClock();
  prepareForQueries(archive);
  const total = countLeads(archive, query, clock);
  const { where, params } = filterSql(query, clock);
  // A connection of its own, so a long export never holds the app's connection busy.
  const own = archive.file !== ':memory:';
  const db = own ? openReadConnection(archive.file, archive.options.nativeBinding) : archive.db;
  const partial = join(dirname(options.file), `.${basename(options.file)}.partial`);
  const parts: string[] = [];
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let ranges: Promise<number>[] = [];
  let sink: RowSink | undefined;
  try {
    const columnSet = options.columns === 'all' ? 'all' : 'default';
    const extras = columnSet === 'all' ? extraProperties(db, where, params) : [];
    const columns = exportColumns(columnSet, extras);
    const select = `SELECT ${recordSql(columnSet)} ${fromSql()} WHERE (${where})`;
    const order = ` ORDER BY ${orderBySql(query)}`;
    const threads = format === 'csv' && own ? threadsFor(total, options.threads) : 1;
    if (threads > 1) db.exec('BEGIN');
    const starts = threads > 1 ? rangeStarts(db, `SELECT ${sortKeySql(query)} ${fromSql()} WHERE (${where})${order}`, params, total, threads) : [];
    const progress = new Int32Array(new SharedArrayBuffer(4 * (starts.length + 1)));
    ranges = startRanges(
      {
        archiveFile: archive.file,
        ...(archive.options.nativeBinding ? { nativeBinding: archive.options.nativeBinding } : {}),
        select,
        order,
        fromKey: fromKeySql(query),
        params,
        columnSet,
        extraProperties: extras,
        partial,
        stop,
        progress,
      },
      starts,
      parts,
    );
    const report = () => options.onProgress?.({ rows: sum(progress), total });
    // ExcelJS is most of the export code's size: loaded only for an XLSX export.
    sink = format === 'csv' ? csvSink(partial, columns, { bom: options.bom ?? true }) : (await import('./xlsxSink')).xlsxSink(partial, columns);
    const firstRange = starts.length > 0 ? ' LIMIT ?' : '';
    const records = db.prepare(`${select}${order}${firstRange}`).raw().iterate(...params, ...(starts.length > 0 ? [starts[0]!.offset] : [])) as IterableIterator<ExportRecord>;
    const written = await writeRecords(records, columns, sink, {
      stop: () => options.signal?.aborted === true || Atomics.load(stop, 0) === 1,
      counted: (rows) => {
        Atomics.store(progress, 0, rows);
        report();
      },
    });
    Atomics.store(progress, 0, written.rows);
    if (db.inTransaction) db.exec('COMMIT');
    await sink.finish();
    const cancel = () => Atomics.store(stop, 0, 1);
    if (written.stopped) cancel();
    options.signal?.addEventListener('abort', cancel);
    const reporting = ranges.length > 0 ? setInterval(report, 250) : undefined;
    try {
      await Promise.all(ranges);
    } finally {
      clearInterval(reporting);
      options.signal?.removeEventListener('abort', cancel);
    }
    const rows = sum(progress);
    const cancelled = written.stopped || Atomics.load(stop, 0) === 1;
    if (cancelled) {
      removeQuietly([partial, ...parts]);
    } else {
      await appendParts(partial, parts);
      renameSync(partial, options.file);
      options.onProgress?.({ rows, total });
    }
    return { file: options.file, format, rows, columns: columns.map((c) => c.header), cancelled, seconds: (performance.now() - started) / 1000, threads: ranges.length + 1 };
  } catch (error) {
    await sink?.abandon();
    Atomics.store(stop, 0, 1);
    await Promise.allSettled(ranges);
    removeQuietly([partial, ...parts]);
    throw asTargetError(error, options.file);
  } finally {
    if (own) db.close();
  }
}
