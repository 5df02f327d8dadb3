import { stringify } from 'csv-stringify/sync';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { openBlockFile } from './blockFile';
import type { ExportColumn } from './columns';
import { neutralizeCell } from './neutralize';
import type { RowSink } from './writeRecords';

/** ISO 8601 UTC as stored, without a zero millisecond part. */
function isoText(value: string): string {
  return value.endsWith('.000Z') ? `${value.slice(0, -5)}Z` : value;
}

/**
 * Rows per csv-stringify call. Its sync API spares the stream's per-record Transform work (about 1 s of a
 * 1M-lead export); batches far larger than this get slower again as the joined text grows.
 */
const CSV_BATCH = 100;

/**
 * RFC 4180 CSV (quoted as needed, CRLF rows, any line break inside a field quoted), UTF-8 with a BOM so Excel reads accents right. Without `header`,
 * rows only: a part of an export that another thread's file continues.
 */
export function csvSink(file: string, columns: readonly ExportColumn[], options: { bom: boolean; header?: boolean }): RowSink {
  const out = openBlockFile(file);
  // csv-stringify quotes a field holding the record delimiter (CRLF), not one holding a bare LF or CR; Excel,
  // LibreOffice and Python's csv end a row at either, so any field with CR or LF is quoted (RFC 4180). Plain
  // strings (indexOf) cost half what a regular expression does per field.
  const format = { record_delimiter: 'windows', eof: true, quoted_match: ['\r', '\n'] };
  // A turn of the event loop after each block, so progress, cancel and the app's other work get through.
  const write = (text: string) => (out.write(text) ? nextTurn() : undefined);
  if (options.header !== false) void write(stringify([columns.map((c) => c.header)], { ...format, bom: options.bom }));
  const dates = columns.map((c) => c.kind === 'date');
  const neutralizes = columns.map((c) => c.neutralize);
  let batch: string[][] = [];
  const flush = () => {
    const text = stringify(batch, format);
    batch = [];
    return write(text);
  };
  return {
    write(cells) {
      batch.push(
        cells.map((cell, i) => {
          if (cell === null) return '';
          if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
          if (dates[i]) return isoText(cell);
          const safe = neutralizeCell(cell);
          // A column may keep some formula-like texts (a phone's leading +): asked only for those.
          return safe !== cell && neutralizes[i]?.(cell) === false ? cell : safe;
        }),
      );
      return batch.length === CSV_BATCH ? flush() : undefined;
    },
    async finish() {
      if (batch.length > 0) await flush();
      out.end();
    },
    async abandon() {
      out.close();
    },
  };
}
