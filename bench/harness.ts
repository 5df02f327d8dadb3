import { writeFileSync } from 'node:fs';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same work done the naive way, measured in the same run. */
  readonly baseline: number | null;
  /** The goal, e.g. ">= 100000" or "<= 50". */
  readonly target: string;
}

export const SCALE = process.env.BENCH_SCALE === 'small' ? 'small' : 'full';

export function scaled(full: number, small: number): number {
  return SCALE === 'small' ? small : full;
}

export function meetsTarget(figure: Figure): boolean {
  const match = /^(>=|<=)\s*([\d.]+)/.exec(figure.target);
  if (!match) return true;
  const limit = Number(match[2]);
  return match[1] === '>=' ? figure.value >= limit : figure.value <= limit;
}

function format(value: number | null): string {
  if (value === null) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

export function printFigures(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [f.name, `${format(f.value)} ${f.unit}`, `${format(f.baseline)} ${f.unit}`, f.target, meetsTarget(f) ? 'ok' : 'MISSED']);
  const header = ['figure', 'value', 'baseline', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function writeFiguresJson(figures: readonly Figure[]): void {
  const path = process.env.BENCH_JSON;
  if (path) writeFileSync(path, `${JSON.stringify({ figures }, null, 2)}\n`);
}
