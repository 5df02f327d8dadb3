import type Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { builtPath } from '../builtPath';
import type { ColumnSpec } from './columnSpec';
import type { FileLimits } from './csvSink';
import { addTallies, type HandOffTally } from './crmPresets';
import { fromKeyParams } from '../inbox/querySql';
import { writeAll } from './blockFile';

/** What a range worker (exportWorker.ts) is asked to write. */
export interface RangeJob {
  readonly archiveFile: string;
  readonly nativeBinding?: string;
  readonly sql: string;
  readonly params: unknown[];
  readonly columns: ColumnSpec;
  readonly partFile: string;
  /** A hand-off: the range writes `partFile.1`, `.2`, … each with the header and within the limits. */
  readonly pieces?: { readonly limits: FileLimits; readonly bom: boolean };
  /** Int32 slot 0 set to 1: stop writing. */
  readonly stop: SharedArrayBuffer;
  /** Int32 per range: rows written so far. */
  readonly progress: SharedArrayBuffer;
  readonly slot: number;
}

/** Where a range starts: its first row's position in the query's order, and that row's sort key. */
export interface RangeStart {
  readonly offset: number;
  readonly key: unknown[];
}

export type RangeOutcome = { rows: number; tally: HandOffTally; files: string[]; error?: undefined } | { error: string };

/** What a range thread wrote. */
export interface RangeDone {
  readonly rows: number;
  /** Its part file, or its pieces in order. */
  readonly files: string[];
}

/** Below about this many rows a second thread costs more to start (a few hundred ms) than it saves. */
const PARALLEL_MIN_ROWS = 200_000;
/** Each thread adds its own heap and connection (about 80 MB at 1M rows here); four keep memory bounded. */
const MAX_THREADS = 4;

/** How many threads share a CSV export of `rows` rows: one per core, when the export is large enough. */
export function threadsFor(rows: number, asked?: number): number {
  const threads = asked ?? (rows >= PARALLEL_MIN_ROWS ? Math.min(availableParallelism(), MAX_THREADS) : 1);
  return Math.max(1, Math.min(threads, rows));
}

/**
 * Starts the range worker from its bundle (out/main/exportWorker.cjs), whoever runs the export: the app,
 * the CLI's bundle, or the tests and benchmarks from source (which build first). A thread never compiles
 * TypeScript.
 */
function startWorker(job: RangeJob): Worker {
  const file = builtPath('main', 'exportWorker.cjs');
  if (!existsSync(file)) throw new Error(`The export thread is not built (${file} is missing): run npm run build.`);
  return new Worker(file, { workerData: job });
}

/** Runs one range in a worker thread; resolves with the rows it wrote, adding what it changed to `tally`. */
function runRange(job: RangeJob, tally: HandOffTally): Promise<RangeDone> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    worker.once('message', (outcome: RangeOutcome) => {
      void worker.terminate();
      if (outcome.error !== undefined) reject(new Error(`Export failed: ${outcome.error}`));
      else {
        addTallies(tally, outcome.tally);
        resolve({ rows: outcome.rows, files: outcome.files });
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`Export thread stopped (exit code ${code}).`)));
  });
}

/**
 * The sort keys where ranges 2..n start, `rows / n` rows apart in the query's order, read in the caller's
 * transaction: the first range is then exactly the rows before the first key.
 */
export function rangeStarts(db: Database.Database, keySql: string, params: unknown[], rows: number, ranges: number): RangeStart[] {
  const statement = db.prepare(`${keySql} LIMIT 1 OFFSET ?`).raw();
  const starts: RangeStart[] = [];
  for (let range = 1; range < ranges; range++) {
    const offset = Math.floor((rows * range) / ranges);
    const key = statement.get(...params, offset) as unknown[] | undefined;
    if (key) starts.push({ offset, key });
  }
  return starts;
}

/** What every range of one export shares. */
export interface RangePlan {
  readonly archiveFile: string;
  readonly nativeBinding?: string;
  /** `SELECT … WHERE (filter)`, without order. */
  readonly select: string;
  readonly order: string;
  /** `fromKeySql` of the query: true from a range's start key on. */
  readonly fromKey: string;
  readonly params: unknown[];
  readonly columns: ColumnSpec;
  /** The exporting thread's file; range n writes `${partial}.${n}`. */
  readonly partial: string;
  readonly stop: Int32Array;
  readonly progress: Int32Array;
  /** Where the ranges add what they left out, filled in and cut. */
  readonly tally: HandOffTally;
  readonly pieces?: { readonly limits: FileLimits; readonly bom: boolean };
}

/**
 * Starts a worker for each range after the first: from its start key up to the next range's. Adds each
 * part file to `parts` as it starts. A failed range stops the others at once.
 */
export function startRanges(plan: RangePlan, starts: readonly RangeStart[], parts: string[]): Promise<RangeDone>[] {
  return starts.map((start, i) => {
    const next = starts[i + 1];
    const partFile = `${plan.partial}.${i + 1}`;
    parts.push(partFile);
    const range = runRange({
      archiveFile: plan.archiveFile,
      ...(plan.nativeBinding ? { nativeBinding: plan.nativeBinding } : {}),
      sql: `${plan.select} AND ${plan.fromKey}${next ? ` AND NOT ${plan.fromKey}` : ''}${plan.order}`,
      params: [...plan.params, ...fromKeyParams(start.key), ...(next ? fromKeyParams(next.key) : [])],
      columns: plan.columns,
      ...(plan.pieces ? { pieces: plan.pieces } : {}),
      partFile,
      stop: plan.stop.buffer as SharedArrayBuffer,
      progress: plan.progress.buffer as SharedArrayBuffer,
      slot: i + 1,
    }, plan.tally);
    // Handled here (so a failure before the caller awaits is no unhandled rejection), and awaited there.
    range.catch(() => Atomics.store(plan.stop, 0, 1));
    return range;
  });
}

/**
 * Appends the part files to `file` in order, removing each. Synchronous 4 MB copies, with a turn of the
 * event loop between them: for the second half of a 1M-lead export, about 0.2 s where a stream pipeline
 * took 0.3 s.
 */
export async function appendParts(file: string, parts: readonly string[]): Promise<void> {
  const buffer = Buffer.allocUnsafe(4 << 20);
  const target = openSync(file, 'a');
  try {
    for (const part of parts) {
      const source = openSync(part, 'r');
      try {
        for (let read = readSync(source, buffer); read > 0; read = readSync(source, buffer)) {
          writeAll(target, buffer, read);
          await nextTurn();
        }
      } finally {
        closeSync(source);
      }
      rmSync(part, { force: true });
    }
  } finally {
    closeSync(target);
  }
}
