import { setImmediate as nextTurn } from 'node:timers/promises';
import { openBlockFile, type BlockFile } from './blockFile';
import type { ExportColumn } from './columns';
import { csvRecord } from './csvRecord';
import { neutralizeCell } from './neutralize';
import type { RowSink } from './writeRecords';

/** ISO 8601 UTC as stored, without a zero millisecond part. */
function isoText(value: string): string {
  return value.endsWith('.000Z') ? `${value.slice(0, -5)}Z` : value;
}

/** Rows gathered into one text before it goes to the file (and, with pieces, is measured against the limits). */
const CSV_BATCH = 100;

/** How large one file of an export may grow; past it the rows go on in the next file. */
export interface FileLimits {
  /** Data rows a file may hold. */
  readonly maxRows?: number;
  /** Bytes a file may hold, its byte-order mark and header included. */
  readonly maxBytes: number;
}

export interface CsvSink extends RowSink {
  /** The files written so far, in order: `file` itself, or `file.1`, `file.2`, … with `pieces`. */
  files(): string[];
}

/**
 * RFC 4180 CSV (quoted as needed, CRLF rows, any line break inside a field quoted), UTF-8 with a BOM so
 * Excel reads accents right. Without `header`, rows only: a part of an export that another thread's file
 * continues. With `pieces`, the rows go into `file.1`, `file.2`, …, each starting with the BOM and header
 * and kept within the limits, a whole batch of rows at a time, so no file is cut or copied afterwards.
 */
export function csvSink(file: string, columns: readonly ExportColumn[], options: { bom: boolean; header?: boolean; pieces?: FileLimits }): CsvSink {
  const { pieces } = options;
  const headerText = options.header === false && !pieces ? '' : `${options.bom ? '\uFEFF' : ''}${csvRecord(columns.map((c) => c.header))}`;
  const headerBytes = Buffer.byteLength(headerText);
  const files: string[] = [];
  let out: BlockFile;
  let rowsInFile = 0;
  let bytesInFile = 0;
  const open = () => {
    const name = pieces ? `${file}.${files.length + 1}` : file;
    out = openBlockFile(name);
    files.push(name);
    rowsInFile = 0;
    bytesInFile = headerBytes;
    if (headerText) out.write(headerText);
  };
  open();
  // A turn of the event loop after each block, so progress, cancel and the app's other work get through.
  const write = (text: string) => (out.write(text) ? nextTurn() : undefined);
  const dates = columns.map((c) => c.kind === 'date');
  const neutralizes = columns.map((c) => c.neutralize);
  let batch = '';
  let batchRows = 0;
  const flush = () => {
    const text = batch;
    if (pieces) {
      const bytes = Buffer.byteLength(text);
      const full = rowsInFile > 0 && (bytesInFile + bytes > pieces.maxBytes || rowsInFile + batchRows > (pieces.maxRows ?? Infinity));
      if (full) {
        out.end();
        open();
      }
      rowsInFile += batchRows;
      bytesInFile += bytes;
    }
    batch = '';
    batchRows = 0;
    return write(text);
  };
  return {
    write(cells) {
      batch += csvRecord(
        cells.map((cell, i) => {
          if (cell === null) return '';
          if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
          if (dates[i]) return isoText(cell);
          const safe = neutralizeCell(cell);
          // A column may keep some formula-like texts (a phone's leading +): asked only for those.
          return safe !== cell && neutralizes[i]?.(cell) === false ? cell : safe;
        }),
      );
      return ++batchRows === CSV_BATCH ? flush() : undefined;
    },
    async finish() {
      if (batchRows > 0) await flush();
      out.end();
    },
    async abandon() {
      out.close();
    },
    files: () => [...files],
  };
}
