/**
 * One range of a CSV export in a thread of its own: the export query's rows from one sort key up to the
 * next, written without a header to a part file that the exporting thread appends in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { columnsFor } from './columnSpec';
import { emptyTally, type HandOffTally } from './crmPresets';
import type { RangeJob, RangeOutcome } from './exportRanges';
import { csvSink } from './csvSink';
import { openReadConnection, writeRecords } from './writeRecords';

async function run(job: RangeJob): Promise<{ rows: number; tally: HandOffTally; files: string[] }> {
  const db = openReadConnection(job.archiveFile, job.nativeBinding);
  try {
    const stop = new Int32Array(job.stop);
    const progress = new Int32Array(job.progress);
    const tally = emptyTally();
    const { columns, keep } = columnsFor(job.columns, tally);
    const sink = job.pieces
      ? csvSink(job.partFile, columns, { bom: job.pieces.bom, pieces: job.pieces.limits })
      : csvSink(job.partFile, columns, { bom: false, header: false });
    try {
      const records = db.prepare(job.sql).raw().iterate(...job.params) as IterableIterator<never>;
      const { rows } = await writeRecords(records, columns, sink, {
        stop: () => Atomics.load(stop, 0) === 1,
        keep,
        counted: (count) => Atomics.store(progress, job.slot, count),
      });
      await sink.finish();
      Atomics.store(progress, job.slot, rows);
      return { rows, tally, files: sink.files() };
    } catch (error) {
      await sink.abandon();
      throw error;
    }
  } finally {
    db.close();
  }
}

const port = parentPort!;
run(workerData as RangeJob).then(
  (done) => port.postMessage(done satisfies RangeOutcome),
  (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies RangeOutcome),
);
