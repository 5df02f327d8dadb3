import { execFileSync } from 'node:child_process';

/** Python's own csv module, as a data person would read the file: rows of fields, as JSON. */
export function readWithPython(file: string): string[][] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as string[][];
}
