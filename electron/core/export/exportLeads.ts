import type Database from 'better-sqlite3';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { countLeads, parseLeadQuery, prepareForQueries, systemClock, type Clock, type LeadQuery } from '../inbox';
import { filterSql, fromKeySql, fromSql, orderBySql, sortKeySql } from '../inbox/querySql';
import type { Archive } from '../store';
import { isExtraProperty, type ExportRecord } from './columns';
import { columnsFor, type ColumnSpec } from './columnSpec';
import { CRM_PRESETS, emptyTally, type CrmTarget, type HandOffInclude, type LeftOutReason } from './crmPresets';
import { appendParts, rangeStarts, startRanges, threadsFor, type RangeDone } from './exportRanges';
import { csvSink } from './csvSink';
import { numberedName } from './numberedName';
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
  /** A CRM hand-off instead of the inbox's own columns: CSV only; `columns` and `bom` do not apply. */
  readonly handOff?: { readonly target: CrmTarget; readonly include?: HandOffInclude };
}

/** What a CRM hand-off left out, filled in or shortened, for the user to check before importing. */
export interface HandOffReport {
  readonly target: CrmTarget;
  readonly label: string;
  /** Leads of the query not written, by reason. */
  readonly leftOut: Partial<Record<LeftOutReason, number>>;
  /** Rows whose required column got a placeholder, by column header. */
  readonly placeholders: Record<string, number>;
  /** Rows whose value was cut to the target's length, by column header. */
  readonly cut: Record<string, number>;
}

export interface ExportResult {
  readonly file: string;
  /** Every file written: `file` alone, or numbered files beside it when a hand-off is over the target's limits. */
  readonly files: string[];
  readonly format: ExportFormat;
  readonly rows: number;
  readonly columns: string[];
  readonly cancelled: boolean;
  readonly seconds: number;
  /** Threads that wrote the file. */
  readonly threads: number;
  readonly handOff?: HandOffReport;
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

/**
 * Cleanup after a cancel or failure: the partial file and every part or piece named after it. A file that
 * cannot be removed must not hide what went wrong.
 */
function removePartial(partial: string): void {
  const prefix = `${basename(partial)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dirname(partial)).filter((name) => name.startsWith(prefix));
  } catch {
    // The folder went away: nothing of ours is left in it.
  }
  for (const file of [partial, ...names.map((name) => join(dirname(partial), name))]) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Left for the user to delete; the export's own outcome is what they need to hear about.
    }
  }
}

/**
 * Names a hand-off's pieces, in range order, as the user's files: `target` when one is enough, else
 * `target-1`, `target-2`, …. A range that kept no lead wrote only a header: its piece is dropped.
 */
function placePieces(ranges: readonly RangeDone[], target: string): string[] {
  const written = ranges.filter((range) => range.rows > 0).flatMap((range) => range.files);
  const empty = ranges.filter((range) => range.rows === 0).flatMap((range) => range.files);
  // With no lead at all, the file is still made: a header alone says so.
  const kept = written.length > 0 ? written : empty.slice(0, 1);
  for (const file of empty) if (!kept.includes(file)) rmSync(file, { force: true });
  const names = kept.length === 1 ? [target] : kept.map((_, i) => numberedName(target, i + 1));
  kept.forEach((file, i) => renameSync(file, names[i]!));
  return names;
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
  const handOff = options.handOff;
  if (handOff && format !== 'csv') throw new RangeError(`A hand-off for ${CRM_PRESETS[handOff.target].label} is a CSV file: name it .csv.`);
  prepareExportFolder(options.file);
  const clock = options.clock ?? systemClock();
  prepareForQueries(archive);
  const total = countLeads(archive, query, clock);
  const { where, params } = filterSql(query, clock);
  const tally = emptyTally();
  // A connection of its own, so a long export never holds the app's connection busy.
  const own = archive.file !== ':memory:';
  const db = own ? openReadConnection(archive.file, archive.options.nativeBinding) : archive.db;
  const partial = join(dirname(options.file), `.${basename(options.file)}.partial`);
  const parts: string[] = [];
  const stop = new Int32Array(new SharedArrayBuffer(4));
  let ranges: Promise<RangeDone>[] = [];
  let sink: RowSink | undefined;
  const pieces = handOff ? { limits: CRM_PRESETS[handOff.target], bom: CRM_PRESETS[handOff.target].bom } : undefined;
  try {
    const spec: ColumnSpec = handOff
      ? { set: 'handoff', target: handOff.target, include: handOff.include }
      : { set: options.columns === 'all' ? 'all' : 'default', extraProperties: options.columns === 'all' ? extraProperties(db, where, params) : [] };
    const { columns, keep } = columnsFor(spec, tally);
    const select = `SELECT ${recordSql(spec.set)} ${fromSql()} WHERE (${where})`;
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
        columns: spec,
        partial,
        stop,
        progress,
        tally,
        ...(pieces ? { pieces } : {}),
      },
      starts,
      parts,
    );
    const report = () => options.onProgress?.({ rows: sum(progress), total });
    // ExcelJS is most of the export code's size: loaded only for an XLSX export.
    const csv = format !== 'csv' ? undefined : pieces ? csvSink(`${partial}.0`, columns, { bom: pieces.bom, pieces: pieces.limits }) : csvSink(partial, columns, { bom: options.bom ?? true });
    sink = csv ?? (await import('./xlsxSink')).xlsxSink(partial, columns);
    const firstRange = starts.length > 0 ? ' LIMIT ?' : '';
    const records = db.prepare(`${select}${order}${firstRange}`).raw().iterate(...params, ...(starts.length > 0 ? [starts[0]!.offset] : [])) as IterableIterator<ExportRecord>;
    const written = await writeRecords(records, columns, sink, {
      stop: () => options.signal?.aborted === true || Atomics.load(stop, 0) === 1,
      keep,
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
    let done: RangeDone[];
    try {
      done = await Promise.all(ranges);
    } finally {
      clearInterval(reporting);
      options.signal?.removeEventListener('abort', cancel);
    }
    const rows = sum(progress);
    const cancelled = written.stopped || Atomics.load(stop, 0) === 1;
    let files: string[] = [];
    if (cancelled) {
      removePartial(partial);
    } else {
      if (pieces) files = placePieces([{ rows: written.rows, files: csv!.files() }, ...done], options.file);
      else {
        await appendParts(partial, parts);
        renameSync(partial, options.file);
        files = [options.file];
      }
      // A hand-off leaves some of the query's leads out: the end of the export is all of them, done.
      options.onProgress?.({ rows, total: handOff ? rows : total });
    }
    return {
      file: options.file,
      files,
      format,
      rows,
      columns: columns.map((c) => c.header),
      cancelled,
      seconds: (performance.now() - started) / 1000,
      threads: ranges.length + 1,
      ...(handOff ? { handOff: { target: handOff.target, label: CRM_PRESETS[handOff.target].label, ...tally } } : {}),
    };
  } catch (error) {
    await sink?.abandon();
    Atomics.store(stop, 0, 1);
    await Promise.allSettled(ranges);
    removePartial(partial);
    throw asTargetError(error, options.file);
  } finally {
    if (own) db.close();
  }
}
