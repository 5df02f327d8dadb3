import { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
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

/** Files read as one: where each begins in the whole, and its size. */
function spans(sources: readonly string[]): { file: string; start: number; size: number }[] {
  let at = 0;
  return sources.map((file) => {
    const size = statSync(file).size;
    const span = { file, start: at, size };
    at += size;
    return span;
  });
}

/**
 * Writes the rows of a finished export into `target`, or, when they are over the limits, into numbered
 * files beside it, each starting with the same header row (and byte-order mark). `sources` are the export's
 * files in order: the first holds the header, the others (range threads' parts) continue it, each ending
 * at a row end. Rows are copied once, straight into the file they belong in, and every source is removed.
 * Returns the files written, in order.
 */
export async function splitCsvFiles(sources: readonly string[], target: string, limits: SplitLimits): Promise<string[]> {
  const parts = spans(sources);
  const ends: number[] = [];
  for (const part of parts) for (const end of await csvRowEnds(part.file)) ends.push(part.start + end);
  const pieces = planSplit(ends, limits);
  if (pieces.length <= 1 && sources.length === 1) {
    renameSync(sources[0]!, target);
    return [target];
  }
  const header = ends[0] ?? 0;
  const files = pieces.length <= 1 ? [target] : pieces.map((_, i) => numberedName(target, i + 1));
  const buffer = Buffer.allocUnsafe(CHUNK);
  const open = new Map<string, number>();
  const fdOf = (file: string) => open.get(file) ?? open.set(file, openSync(file, 'r')).get(file)!;
  /** Copies bytes [from, to) of the whole into `out`. */
  const copy = async (out: number, from: number, to: number) => {
    for (const part of parts) {
      const start = Math.max(from, part.start);
      const end = Math.min(to, part.start + part.size);
      for (let at = start; at < end; ) {
        const read = readSync(fdOf(part.file), buffer, 0, Math.min(CHUNK, end - at), at - part.start);
        writeAll(out, buffer, read);
        at += read;
        await nextTurn();
      }
    }
  };
  try {
    for (const [i, piece] of pieces.entries()) {
      const out = openSync(files[i]!, 'w', 0o600);
      try {
        await copy(out, 0, header);
        await copy(out, piece.start, piece.end);
      } finally {
        closeSync(out);
      }
    }
  } catch (error) {
    for (const file of files) rmSync(file, { force: true });
    throw error;
  } finally {
    for (const fd of open.values()) closeSync(fd);
  }
  for (const source of sources) rmSync(source, { force: true });
  return files;
}
