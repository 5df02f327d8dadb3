import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { CellValue, ExportColumn } from './columns';
import { neutralizeCell } from './neutralize';

/** Where exported rows go, one at a time, with back-pressure. */
export interface RowSink {
  write(cells: readonly CellValue[]): Promise<void> | void;
  finish(): Promise<void>;
}

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
 * RFC 4180 CSV (quoted as needed, CRLF), UTF-8 with a BOM so Excel reads accents right. Without `header`,
 * rows only: a part of an export that another thread's file continues.
 */
export function csvSink(file: string, columns: readonly ExportColumn[], options: { bom: boolean; header?: boolean }): RowSink {
  // Large writes: the default 16 KB buffer means a system call per few rows.
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const format = { record_delimiter: 'windows', eof: true } as const;
  const write = (text: string) => (out.write(text) ? undefined : once(out, 'drain').then(() => undefined));
  if (options.header !== false) void write(stringify([columns.map((c) => c.header)], { ...format, bom: options.bom }));
  const dates = columns.map((c) => c.kind === 'date');
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
          return dates[i] ? isoText(cell) : neutralizeCell(cell);
        }),
      );
      return batch.length === CSV_BATCH ? flush() : undefined;
    },
    async finish() {
      if (batch.length > 0) await flush();
      out.end();
      await finished(out);
    },
  };
}

// Excel refuses longer cells; the archive keeps the whole text.
const EXCEL_CELL_LIMIT = 32_767;

/** A streamed workbook: typed dates and booleans, a frozen header row with an autofilter. */
export function xlsxSink(file: string, columns: readonly ExportColumn[]): RowSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Leads', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.kind === 'date' ? 20 : column.kind === 'boolean' ? 10 : Math.min(40, Math.max(12, column.header.length + 2)),
    style: column.kind === 'date' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const dates = columns.map((c) => c.kind === 'date');
  let rows = 0;
  return {
    async write(cells) {
      const values = cells.map((cell, i) => {
        if (typeof cell !== 'string') return cell;
        if (dates[i]) return new Date(cell);
        return cell.length > EXCEL_CELL_LIMIT ? cell.slice(0, EXCEL_CELL_LIMIT) : cell;
      });
      sheet.addRow(values).commit();
      // The writer buffers in memory between yields; letting the file stream drain keeps memory flat.
      if (++rows % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
