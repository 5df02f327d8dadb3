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

const benchStarted = performance.now();
const since = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`;

function describe(figure: Figure): string {
  const baseline = figure.baseline === null ? '' : `, baseline ${format(figure.baseline)} ${figure.unit}`;
  return `${figure.name}: ${format(figure.value)} ${figure.unit}${baseline} [${figure.target}${/^[<>]=/.test(figure.target) ? `: ${meetsTarget(figure) ? 'ok' : 'MISSED'}` : ''}]`;
}

/** One stage of the benchmark: says when it starts (a stage can take minutes) and prints its figures when done. */
export async function stage(title: string, run: () => Figure[] | Promise<Figure[]>): Promise<Figure[]> {
  console.log(`\n> ${title}: started at ${since()}`);
  const figures = await run();
  console.log(`< ${title}: done at ${since()}`);
  for (const figure of figures) console.log(`  ${describe(figure)}`);
  return figures;
}

/** A step inside a stage, for the ones that take minutes. */
export function step(text: string): void {
  console.log(`  ${text} (at ${since()})`);
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
