import { basename, dirname, extname, join } from 'node:path';

/** `leads.csv` → `leads-1.csv`, `leads-2.csv`, …: the files of an export split at its target's limits. */
export function numberedName(file: string, n: number): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}-${n}${ext}`);
}
