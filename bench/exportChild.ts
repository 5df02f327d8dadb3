/**
 * Runs one export in a process of its own, so its peak memory is its own: `streamed` is the product's
 * exporter, `in-memory` the naive way (the whole CSV built as one string, then written).
 */
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { writeFileSync } from 'node:fs';
import { DEFAULT_COLUMNS, exportLeads, neutralizeCell, type ExportRecord } from '../electron/core/export';
import { openArchive } from '../electron/core/store';

const [mode, db, out] = process.argv.slice(2) as ['streamed' | 'in-memory', string, string];
const started = performance.now();
let rows: number;
if (mode === 'streamed') {
  const archive = openArchive(db);
  rows = (await exportLeads(archive, { test: 'all' }, { file: out })).rows;
  archive.close();
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
console.log(JSON.stringify({ rows, seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
