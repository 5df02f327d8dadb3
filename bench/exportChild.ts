/**
 * Runs one export in a process of its own, so its peak memory is its own: `streamed` is the product's
 * exporter (its threads), `streamed-1` the same on one thread, `salesforce` the exporter writing a CRM
 * hand-off (numbered files), `in-memory` the naive way on one thread (the whole CSV built as one string
 * with csv-stringify, then written). `floor` times only the two steps every CSV export here must take:
 * reading the rows in the export's order through better-sqlite3, and turning them into CSV text, once with
 * the exporter's own csvRecord and once with csv-stringify (nothing converted, neutralized or written).
 */
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { rmSync, writeFileSync } from 'node:fs';
import { DEFAULT_COLUMNS, exportLeads, neutralizeCell, type ExportRecord } from '../electron/core/export';
import { csvRecord } from '../electron/core/export/csvRecord';
import { recordSql } from '../electron/core/export/writeRecords';
import { parseLeadQuery, systemClock } from '../electron/core/inbox';
import { filterSql, fromSql, orderBySql } from '../electron/core/inbox/querySql';
import { openArchive } from '../electron/core/store';

const [mode, db, out] = process.argv.slice(2) as ['streamed' | 'streamed-1' | 'salesforce' | 'in-memory' | 'floor', string, string];

/** Seconds to read the export's rows, then to turn them into CSV text in the exporter's batches of 100 rows. */
function floor(file: string): { rows: number; readSeconds: number; formatSeconds: number; csvStringifySeconds: number } {
  const conn = new Database(file, { readonly: true });
  const query = parseLeadQuery({ test: 'all' });
  const { where, params } = filterSql(query, systemClock());
  const sql = `SELECT ${recordSql('default')} ${fromSql()} WHERE (${where}) ORDER BY ${orderBySql(query)}`;
  let rows = 0;
  let started = performance.now();
  for (const record of conn.prepare(sql).raw().iterate(...params)) if (record) rows++;
  const readSeconds = (performance.now() - started) / 1000;
  const formatMs = { own: 0, csvStringify: 0 };
  let batch: unknown[][] = [];
  const flush = () => {
    started = performance.now();
    let text = '';
    for (const record of batch) text += csvRecord(record.map((value) => (value === null ? '' : String(value))));
    formatMs.own += performance.now() - started;
    started = performance.now();
    stringify(batch, { record_delimiter: 'windows', eof: true, quoted_match: ['\r', '\n'] });
    formatMs.csvStringify += performance.now() - started;
    batch = [];
    return text;
  };
  for (const record of conn.prepare(sql).raw().iterate(...params) as IterableIterator<unknown[]>) if (batch.push(record) === 100) flush();
  flush();
  conn.close();
  return { rows, readSeconds, formatSeconds: formatMs.own / 1000, csvStringifySeconds: formatMs.csvStringify / 1000 };
}

if (mode === 'floor') {
  console.log(JSON.stringify(floor(db)));
  process.exit(0);
}
const started = performance.now();
let rows: number;
let threads = 1;
if (mode === 'streamed' || mode === 'streamed-1' || mode === 'salesforce') {
  const archive = openArchive(db);
  // The hand-off keeps every lead here, so both exports write the same rows.
  const handOff = mode === 'salesforce' ? { target: 'salesforce' as const, include: { test: true, doNotContact: true, noPersonalData: true } } : undefined;
  const result = await exportLeads(archive, { test: 'all' }, { file: out, handOff, ...(mode === 'streamed-1' ? { threads: 1 } : {}) });
  rows = result.rows;
  threads = result.threads;
  archive.close();
  for (const file of result.files) if (file !== out) rmSync(file);
} else {
  const conn = new Database(db, { readonly: true });
  const records = conn
    .prepare(
      `SELECT l.received_at, l.first_name, l.last_name, l.email, l.phone, l.company, l.title, l.country, l.source, l.action,
         l.offer, l.offer_name, l.description, l.is_test, l.do_not_contact,
         coalesce(t.status, 'new') AS status, coalesce(t.notes, '') AS notes FROM leads l
       LEFT JOIN lead_triage t ON t.lead_id = l.id ORDER BY l.received_at DESC, l.id DESC`,
    )
    .raw()
    .all() as ExportRecord[];
  const table = [DEFAULT_COLUMNS.map((c) => c.header)];
  for (const record of records) {
    table.push(
      DEFAULT_COLUMNS.map((column) => {
        const value = column.value(record, null);
        return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : neutralizeCell(value ?? '');
      }),
    );
  }
  writeFileSync(out, stringify(table, { bom: true, record_delimiter: 'windows' }));
  rows = records.length;
  conn.close();
}
console.log(JSON.stringify({ rows, threads, seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
