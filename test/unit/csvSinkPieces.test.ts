import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../electron/core/export/columns';
import { csvSink } from '../../electron/core/export/csvSink';
import { numberedName } from '../../electron/core/export/numberedName';
import { readWithPython } from '../helpers/consumers';
import { HOSTILE_TEXTS } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const columns: ExportColumn[] = ['id', 'text'].map((header, i) => ({ header, kind: 'text', value: (record) => String(record[i]) }));

/** Rows of every hostile text (line breaks of each kind, quotes, 30,000 characters), in turn. */
const rows = Array.from({ length: 1050 }, (_, i) => [String(i), `${HOSTILE_TEXTS[i % HOSTILE_TEXTS.length]} ${i}`]);

describe('CSV files written in pieces', () => {
  it('starts a new file, with its BOM and header, before a batch would pass the row or byte limit', async () => {
    const file = join(tempDir(), 'leads.csv');
    const limits = { maxRows: 300, maxBytes: 200 * 1024 };
    const sink = csvSink(file, columns, { bom: true, pieces: limits });
    for (const row of rows) await sink.write(row);
    await sink.finish();
    const files = sink.files();
    expect(files).toEqual(files.map((_, i) => `${file}.${i + 1}`));
    expect(files.length).toBeGreaterThan(4);
    const read = files.map((piece) => {
      expect(statSync(piece).size).toBeLessThanOrEqual(limits.maxBytes);
      expect(readFileSync(piece).subarray(0, 3)).toEqual(Buffer.from('\uFEFF'));
      const [header, ...data] = readWithPython(piece);
      expect(header).toEqual(['id', 'text']);
      expect(data.length).toBeGreaterThan(0);
      expect(data.length).toBeLessThanOrEqual(limits.maxRows);
      return data;
    });
    // Python reads the pieces back, in order, as the rows written; a field's CRLF is read as written.
    expect(read.flat()).toEqual(rows.map(([id, text]) => [id, text!.replace(/^[=+\-@\t\r]/, "'$&")]));
  });

  it('fills a piece to exactly the row limit, in whole batches', async () => {
    const file = join(tempDir(), 'rows.csv');
    const sink = csvSink(file, columns, { bom: false, pieces: { maxRows: 500, maxBytes: 1 << 30 } });
    for (const row of rows) await sink.write(row.map((cell) => cell.slice(0, 20)));
    await sink.finish();
    expect(sink.files().map((piece) => readWithPython(piece).length - 1)).toEqual([500, 500, 50]);
  });

  it('names the files a user gets after the one they chose', () => {
    expect(numberedName(join('/x', 'leads-salesforce.csv'), 2)).toBe(join('/x', 'leads-salesforce-2.csv'));
  });
});
