import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename, dirname, extname, join } from 'node:path';
import { writeAll } from './blockFile';

const QUOTE = 0x22;
const LF = 0x0a;
const CHUNK = 4 << 20;

/**
 * Where each row of an RFC 4180 file ends (the offset just after its line feed). A line break inside a
 * quoted field is part of the field; a doubled quote inside one leaves and re-enters the quotes, so it
 * needs no case of its own.
 */
export async function csvRowEnds(file: string): Promise<number[]> {
  const ends: number[] = [];
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(file, 'r');
  try {
    let base = 0;
    let inQuotes = false;
    for (let read = readSync(fd, buffer, 0, CHUNK, base); read > 0; read = readSync(fd, buffer, 0, CHUNK, base)) {
      const chunk = buffer.subarray(0, read);
      // Found once per quote, not once per row: a chunk without quotes is searched for them once.
      let quote = chunk.indexOf(QUOTE);
      let at = 0;
      while (at < read) {
        if (quote !== -1 && quote < at) quote = chunk.indexOf(QUOTE, at);
        if (inQuotes) {
          if (quote === -1) break;
          inQuotes = false;
          at = quote + 1;
          continue;
        }
        const lf = chunk.indexOf(LF, at);
        if (lf !== -1 && (quote === -1 || lf < quote)) {
          ends.push(base + lf + 1);
          at = lf + 1;
        } else if (quote !== -1) {
          inQuotes = true;
          at = quote + 1;
        } else break;
      }
      base += read;
      await nextTurn();
    }
    return ends;
  } finally {
    closeSync(fd);
  }
}

export interface SplitLimits {
  /** Data rows a file may hold. */
  readonly maxRows?: number;
  /** Bytes a file may hold, its header row included. */
  readonly maxBytes: number;
}

/**
 * Byte ranges of the data rows each file gets, given where every row ends (the first row is the header):
 * as many rows as fit the limits, in order. A row too large for any file gets a file of its own.
 */
export function planSplit(rowEnds: readonly number[], limits: SplitLimits): { start: number; end: number; rows: number }[] {
  const header = rowEnds[0] ?? 0;
  const pieces: { start: number; end: number; rows: number }[] = [];
  let start = header;
  let rows = 0;
  for (let i = 1; i < rowEnds.length; i++) {
    const end = rowEnds[i]!;
    const full = rows > 0 && (header + (end - start) > limits.maxBytes || rows === limits.maxRows);
    if (full) {
      pieces.push({ start, end: rowEnds[i - 1]!, rows });
      start = rowEnds[i - 1]!;
      rows = 0;
    }
    rows++;
  }
  if (rows > 0 || pieces.length === 0) pieces.push({ start, end: rowEnds[rowEnds.length - 1] ?? header, rows });
  return pieces;
}

/** `leads.csv` → `leads-1.csv`, `leads-2.csv`, … */
export function numberedName(file: string, n: number): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}-${n}${ext}`);
}

/**
 * Moves a finished CSV file to `target`, or, when it is over the limits, into numbered files beside it,
 * each starting with the same header row (and byte-order mark). Returns the files written, in order.
 */
export async function splitCsvFile(source: string, target: string, limits: SplitLimits): Promise<string[]> {
  const ends = await csvRowEnds(source);
  const pieces = planSplit(ends, limits);
  if (pieces.length <= 1) {
    renameSync(source, target);
    return [target];
  }
  const files: string[] = [];
  const buffer = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(source, 'r');
  try {
    const header = Buffer.allocUnsafe(ends[0]!);
    readSync(fd, header, 0, header.length, 0);
    for (const [i, piece] of pieces.entries()) {
      const file = numberedName(target, i + 1);
      const out = openSync(file, 'w', 0o600);
      try {
        writeAll(out, header, header.length);
        for (let at = piece.start; at < piece.end; ) {
          const read = readSync(fd, buffer, 0, Math.min(CHUNK, piece.end - at), at);
          writeAll(out, buffer, read);
          at += read;
          await nextTurn();
        }
      } finally {
        closeSync(out);
      }
      files.push(file);
    }
  } catch (error) {
    for (const file of files) rmSync(file, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
  rmSync(source, { force: true });
  return files;
}
