import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { attachLeadIndex, countLeads, facetCounts, queryLeads, readyLeadIndex, SORT_COLUMNS, type Clock, type LeadQueryInput } from '../../electron/core/inbox';
import { openArchive } from '../../electron/core/store';
import { checkArchiveFile } from '../../electron/core/store/check';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete, indexDefinitions } from '../support/archiveCompare';

const tempDir = useTempDir();
const clock: Clock = { now: new Date('2026-10-15T22:30:00Z'), utcOffsetMinutes: 0 };

const QUERIES: LeadQueryInput[] = [
  {},
  { text: 'con' },
  { text: 'a', test: 'all' },
  { duplicatesOnly: true },
  { hasEmail: true, sort: { column: 'company', direction: 'asc' } },
  ...SORT_COLUMNS.map((column) => ({ sort: { column, direction: 'desc' as const } })),
];

function answers(archive: ReturnType<typeof openArchive>) {
  return QUERIES.map((query) => ({
    rows: queryLeads(archive, query, { offset: 0, limit: 50 }, clock).rows.map((row) => row.id),
    count: countLeads(archive, query, clock),
    facets: facetCounts(archive, query, clock),
  }));
}

describe('a first load into an empty archive', () => {
  it('defers the secondary indexes only while the archive is empty, and answers every query the same before and after they are built', () => {
    const archive = openArchive(join(tempDir(), 'first.db'));
    expect(archive.deferIndexesIfEmpty()).toBe(true);
    expect(indexDefinitions(archive).filter((index) => index.sql !== null).map((index) => index.name)).toEqual(['leads_identity']);
    archive.upsertLeads(sampleLeads(3000, 5, 'table:a/marketplaceleads'));
    // A second call (a resumed load) keeps deferring; the leads already there do not turn it off.
    expect(archive.deferIndexesIfEmpty()).toBe(true);
    archive.upsertLeads(sampleLeads(1000, 6, 'table:b/marketplaceleads'));
    // The running counts wait too: nothing is counted row by row, and counts come from the leads.
    expect(archive.statsDeferred).toBe(true);
    expect(archive.db.prepare('SELECT count(*) FROM lead_stats').pluck().get()).toBe(0);
    expect([archive.countLeadsOf('table:a/marketplaceleads'), archive.countLeadsOf('table:b/marketplaceleads')]).toEqual([3000, 1000]);
    attachLeadIndex(archive, () => undefined).buildNow();
    expect(readyLeadIndex(archive)?.orderOf('company'), 'no sort order is read while its index is missing').toBeUndefined();
    const whileDeferred = answers(archive);

    const progress: string[] = [];
    const built = archive.buildDeferredIndexes((n, of) => progress.push(`${n}/${of}`));
    expect(built, 'four indexes, then the running counts').toBe(5);
    expect(archive.statsDeferred).toBe(false);
    expect([archive.countLeadsOf('table:a/marketplaceleads'), archive.countLeadsOf('table:b/marketplaceleads')]).toEqual([3000, 1000]);
    expect(progress.at(-1)).toBe(`${built}/${built}`);
    expectArchiveComplete(archive);
    expect(answers(archive)).toEqual(whileDeferred);
    readyLeadIndex(archive)!.buildNow();
    expect(readyLeadIndex(archive)?.orderOf('company')).toBeDefined();
    expect(answers(archive)).toEqual(whileDeferred);

    expect(archive.deferIndexesIfEmpty(), 'an archive with leads keeps its indexes').toBe(false);
    expect(archive.buildDeferredIndexes()).toBe(0);
    archive.close();
  });

  it('keeps what is left to build across a reopen, and builds the rest', () => {
    const file = join(tempDir(), 'cut.db');
    const archive = openArchive(file);
    archive.deferIndexesIfEmpty();
    archive.upsertLeads(sampleLeads(500, 7));
    archive.close();
    // `check` calls it sound, says what is left, and does not compare the counts not made yet.
    const checked = checkArchiveFile(file);
    expect(checked).toMatchObject({ sound: true, leads: 500 });
    expect(checked.notes.join(' ')).toMatch(/cut short.*next sync builds them/);
    const reopened = openArchive(file);
    expect(reopened.indexesDeferred).toBe(true);
    expect(countLeads(reopened, { text: 'a' }, clock)).toBeGreaterThan(0);
    reopened.buildDeferredIndexes();
    expectArchiveComplete(reopened);
    reopened.close();
  });

  it('answers the app while another process starts a first load into the same archive, its indexes dropped between two statements', () => {
    const file = join(tempDir(), 'shared.db');
    const app = openArchive(file);
    const sync = openArchive(file);
    // The other process's first load drops the indexes just after the app's n-th look at whether they are
    // there (an empty archive: a first `lead-inbox sync` beside the open window), for every n a call has.
    const dropAfterLook = (n: number) => {
      let looks = 0;
      Object.defineProperty(app, 'indexesDeferred', {
        configurable: true,
        get() {
          const deferred = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app), 'indexesDeferred')!.get!.call(app) as boolean;
          if (++looks === n) expect(sync.deferIndexesIfEmpty()).toBe(true);
          return deferred;
        },
      });
    };
    const calls: [string, () => unknown][] = [
      ['the rows, in received order', () => queryLeads(app, {}, { limit: 50 }, clock)],
      ['a search count', () => countLeads(app, { text: 'con' }, clock)],
      ['a search\'s facets', () => facetCounts(app, { text: 'con' }, clock)],
    ];
    for (const [what, call] of calls) {
      for (let n = 1; ; n++) {
        sync.buildDeferredIndexes();
        dropAfterLook(n);
        expect(call, `${what}, indexes dropped after look ${n}`).not.toThrow();
        if (!sync.indexesDeferred) break;
      }
    }
    expect(queryLeads(app, {}, { limit: 50 }, clock).total).toBe(0);
    app.close();
    sync.close();
  });

  it('lets another program write between long index builds, not only after the last one', async () => {
    const file = join(tempDir(), 'shared.db');
    const load = () => {
      const archive = openArchive(file);
      archive.deferIndexesIfEmpty();
      archive.upsertLeads(sampleLeads(20_000, 9));
      return archive;
    };
    // Another program's write, in a thread of its own: it starts once told, waits under the usual 5 s busy
    // timeout, and reports when it got in.
    const writeWhileBuilding = async (pacing: { pauseAfterMs: number; pauseMs: number }) => {
      const archive = load();
      const signal = new Int32Array(new SharedArrayBuffer(8));
      const worker = new Worker(
        `const { workerData } = require('node:worker_threads');
         const Database = require(workerData.driver);
         const db = new Database(workerData.file, { timeout: 5000 });
         Atomics.wait(workerData.signal, 0, 0);
         db.exec("BEGIN IMMEDIATE; INSERT OR REPLACE INTO archive_meta (key, value) VALUES ('other_program', 'wrote'); COMMIT");
         Atomics.store(workerData.signal, 1, 1);
         db.close();`,
        { eval: true, workerData: { file, signal, driver: require.resolve('better-sqlite3') } },
      );
      const exited = new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject));
      let wroteAfter = -1;
      archive.buildDeferredIndexes((built) => {
        if (built === 1) {
          Atomics.store(signal, 0, 1);
          Atomics.notify(signal, 0);
        } else if (wroteAfter < 0 && Atomics.load(signal, 1) === 1) wroteAfter = built - 1;
      }, pacing);
      await exited;
      expectArchiveComplete(archive);
      archive.close();
      return wroteAfter;
    };
    const paced = await writeWhileBuilding({ pauseAfterMs: 0, pauseMs: 100 });
    expect(paced, 'the write got in within two index builds').toBeGreaterThanOrEqual(1);
    expect(paced).toBeLessThanOrEqual(3);
  });
});
