import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLeads, neutralizeCell } from '../../electron/core/export';
import { queryLeads } from '../../electron/core/inbox';
import { openArchive } from '../../electron/core/store';
import { leadWithText } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

/** Field values that break CSV files in the programs people open them with. */
const HOSTILE = [
  'Senior\nArchitect',
  'Before\rafter',
  'Windows\r\nline',
  'Ends with a line feed\n.',
  'Say "hello", then leave',
  'a,b,c',
  'tab\tinside',
  '=1+1',
  '+49 30 1234567',
  '-5',
  '@sum',
  '🚀 Launch 👩🏽‍💻',
  'مرحبا بالعالم',
  'שלום עולם',
  '株式会社テスト 日本語',
  'x'.repeat(30_000),
  '',
];

function hostileArchive() {
  const archive = openArchive(join(tempDir(), 'hostile.db'));
  archive.upsertLeads(
    HOSTILE.map((text, i) => leadWithText(text, i, { PartitionKey: 'hostile', LeadSource: 'AzureMarketplace-INS|contoso.app', Country: 'DE', CreatedTime: '2025-05-05T10:00:00Z' })),
  );
  return archive;
}

/** Python's own csv module, as a data person would read the file: rows of fields, as JSON. */
function readWithPython(file: string): string[][] {
  const script = 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f))))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as string[][];
}

describe('CSV exports as other programs read them', () => {
  for (const threads of [1, 2]) {
    it(`keeps every lead on one row for Python's csv and csv-parse's defaults (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const archive = hostileArchive();
      const file = join(tempDir(), 'leads.csv');
      const query = { test: 'all' as const, sort: { column: 'lastName' as const, direction: 'asc' as const } };
      const result = await exportLeads(archive, query, { file, threads });
      expect(result.rows).toBe(HOSTILE.length);
      const leads = queryLeads(archive, query, { limit: 100 }).rows.map((row) => archive.getLead(row.id)!);
      const expected = leads.map((lead) => ({ first: neutralizeCell(lead.firstName), company: neutralizeCell(lead.company), description: neutralizeCell(lead.description), last: lead.lastName }));

      const python = readWithPython(file);
      const defaults = parse(readFileSync(file), { bom: true }) as string[][];
      for (const rows of [python, defaults]) {
        expect(rows).toHaveLength(HOSTILE.length + 1);
        const header = rows[0]!;
        const at = (name: string) => {
          const index = header.indexOf(name);
          expect(index, name).toBeGreaterThanOrEqual(0);
          return index;
        };
        const [first, last, company, description] = [at('First name'), at('Last name'), at('Company'), at('Description')];
        expect(rows.slice(1).every((row) => row.length === header.length)).toBe(true);
        expect(rows.slice(1).map((row) => ({ first: row[first], company: row[company], description: row[description], last: row[last] }))).toEqual(expected);
      }
      archive.close();
    });
  }
});
