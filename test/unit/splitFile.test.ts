import { stringify, type Options } from 'csv-stringify/sync';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvRowEnds, planSplit, splitCsvFiles } from '../../electron/core/export/splitFile';
import { readWithPython } from '../helpers/consumers';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const FORMAT: Options = { record_delimiter: 'windows', quoted_match: ['\r', '\n'] };

/** Rows whose fields hold quotes, commas and line breaks of every kind, some long enough to span read chunks. */
function hostileRows(count: number): string[][] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pieces = ['plain', 'a "quoted" word', 'line\nfeed', 'carriage\rreturn', 'both\r\n', ',', '""', 'ü 日本 🚀'];
  return Array.from({ length: count }, (_, i) => [
    String(i),
    Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join(' '),
    i % 200 === 0 ? 'x\n'.repeat(60_000) : 'end',
  ]);
}

describe('splitting CSV files at row boundaries', () => {
  it('finds every row end, never one inside a quoted field, across 4 MB read chunks', async () => {
    const rows = hostileRows(20_000);
    const texts = [stringify([['id', 'text', 'tail']], FORMAT), ...rows.map((row) => stringify([row], FORMAT))];
    const file = join(tempDir(), 'rows.csv');
    writeFileSync(file, texts.join(''));
    const expected: number[] = [];
    texts.reduce((at, text) => (expected.push(at + Buffer.byteLength(text)), at + Buffer.byteLength(text)), 0);
    expect(expected.at(-1)!).toBeGreaterThan(8 * 1024 * 1024);
    expect(await csvRowEnds(file)).toEqual(expected);
  });

  it('plans files by rows and bytes, the header in each, a too-large row alone', () => {
    // Header ends at 10; rows of 5, 5, 5, 100, 5 bytes.
    const ends = [10, 15, 20, 25, 125, 130];
    expect(planSplit(ends, { maxRows: 2, maxBytes: 1000 })).toEqual([
      { start: 10, end: 20, rows: 2 },
      { start: 20, end: 125, rows: 2 },
      { start: 125, end: 130, rows: 1 },
    ]);
    expect(planSplit(ends, { maxBytes: 30 })).toEqual([
      { start: 10, end: 25, rows: 3 },
      { start: 25, end: 125, rows: 1 },
      { start: 125, end: 130, rows: 1 },
    ]);
    expect(planSplit([10], { maxBytes: 30 })).toEqual([{ start: 10, end: 10, rows: 0 }]);
  });

  it('writes numbered files that Python reads back, row for row, to the whole', async () => {
    const rows = hostileRows(3000);
    const dir = tempDir();
    const source = join(dir, 'whole.csv.partial');
    writeFileSync(source, `\uFEFF${stringify([['id', 'text', 'tail'], ...rows], FORMAT)}`);
    // As an export leaves them: the first file with the header, then range threads' parts, each ending at a row end.
    const ends = await csvRowEnds(source);
    const whole = readFileSync(source);
    const sources = [source, `${source}.1`, `${source}.2`];
    const cuts = [0, ends[1000]!, ends[2200]!, whole.length];
    sources.forEach((file, i) => writeFileSync(file, whole.subarray(cuts[i], cuts[i + 1])));
    const files = await splitCsvFiles(sources, join(dir, 'leads.csv'), { maxRows: 700, maxBytes: 300 * 1024 });
    for (const file of sources) expect(existsSync(file)).toBe(false);
    // 3,000 rows at 700 a file need 5; the long rows' bytes need more.
    expect(files.length).toBeGreaterThan(5);
    expect(files).toEqual(files.map((_, i) => join(dir, `leads-${i + 1}.csv`)));
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(300 * 1024);
    const read = files.map((file) => readWithPython(file));
    for (const [i, [header, ...part]] of read.entries()) {
      expect(header).toEqual(['id', 'text', 'tail']);
      expect(readFileSync(files[i]!).subarray(0, 3)).toEqual(Buffer.from('\uFEFF'));
      expect(part.length).toBeLessThanOrEqual(700);
    }
    expect(read.flatMap(([, ...part]) => part)).toEqual(rows);
  });

  it('leaves a file within the limits whole, under its own name', async () => {
    const dir = tempDir();
    const source = join(dir, 'small.partial');
    writeFileSync(source, stringify([['a'], ['1'], ['2']], FORMAT));
    expect(await splitCsvFiles([source], join(dir, 'small.csv'), { maxBytes: 1000 })).toEqual([join(dir, 'small.csv')]);
    expect(readFileSync(join(dir, 'small.csv'), 'utf8')).toBe('a\r\n1\r\n2\r\n');
    // Within the limits but in parts: joined into the one file.
    writeFileSync(source, 'a\r\n1\r\n');
    writeFileSync(`${source}.1`, '"2\n3"\r\n');
    expect(await splitCsvFiles([source, `${source}.1`], join(dir, 'joined.csv'), { maxBytes: 1000 })).toEqual([join(dir, 'joined.csv')]);
    expect(readFileSync(join(dir, 'joined.csv'), 'utf8')).toBe('a\r\n1\r\n"2\n3"\r\n');
  });
});
