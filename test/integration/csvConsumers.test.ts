import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLeads, neutralizeCell } from '../../electron/core/export';
import { queryLeads } from '../../electron/core/inbox';
import { openArchive } from '../../electron/core/store';
import { readWithPython } from '../helpers/consumers';
import { convertWithOffice, office, skipWithoutOffice } from '../helpers/office';
import { HOSTILE_TEXTS, leadWithText } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

function hostileArchive() {
  const archive = openArchive(join(tempDir(), 'hostile.db'));
  archive.upsertLeads(
    HOSTILE_TEXTS.map((text, i) => leadWithText(text, i, { PartitionKey: 'hostile', LeadSource: 'AzureMarketplace-INS|contoso.app', Country: 'DE', CreatedTime: '2025-05-05T10:00:00Z' })),
  );
  return archive;
}

describe('CSV exports as other programs read them', () => {
  for (const threads of [1, 2]) {
    it(`keeps every lead on one row for Python's csv and csv-parse's defaults (${threads} thread${threads > 1 ? 's' : ''})`, async () => {
      const archive = hostileArchive();
      const file = join(tempDir(), 'leads.csv');
      const query = { test: 'all' as const, sort: { column: 'lastName' as const, direction: 'asc' as const } };
      const result = await exportLeads(archive, query, { file, threads });
      expect(result.rows).toBe(HOSTILE_TEXTS.length);
      const leads = queryLeads(archive, query, { limit: 100 }).rows.map((row) => archive.getLead(row.id)!);
      const expected = leads.map((lead) => ({ first: neutralizeCell(lead.firstName), company: neutralizeCell(lead.company), description: neutralizeCell(lead.description), last: lead.lastName }));

      const python = readWithPython(file);
      const defaults = parse(readFileSync(file), { bom: true }) as string[][];
      for (const rows of [python, defaults]) {
        expect(rows).toHaveLength(HOSTILE_TEXTS.length + 1);
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

describe('XLSX exports as LibreOffice reads them', () => {
  it.skipIf(skipWithoutOffice)(`keeps every hostile text whole in its cell (LibreOffice ${office ?? 'missing'})`, async () => {
    expect(office, 'LibreOffice is not installed').not.toBeNull();
    const archive = hostileArchive();
    const dir = tempDir();
    const file = join(dir, 'leads.xlsx');
    const query = { test: 'all' as const, sort: { column: 'lastName' as const, direction: 'asc' as const } };
    await exportLeads(archive, query, { file });
    // LibreOffice writes the workbook's one sheet as UTF-8 CSV (filter options: comma, double quote, UTF-8, first line).
    convertWithOffice(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1', dir);
    const [header, ...rows] = readWithPython(join(dir, 'leads.csv'));
    const at = (name: string) => header!.indexOf(name);
    // A workbook cell keeps text as text (no apostrophe needed); its line breaks are LF.
    const lf = (text: string) => text.replace(/\r\n?/g, '\n');
    const leads = queryLeads(archive, query, { limit: 100 }).rows.map((row) => archive.getLead(row.id)!);
    expect(rows.map((row) => ({ first: row[at('First name')], company: row[at('Company')], description: row[at('Description')], last: row[at('Last name')] }))).toEqual(
      leads.map((lead) => ({ first: lf(lead.firstName), company: lf(lead.company), description: lf(lead.description), last: lead.lastName })),
    );
    archive.close();
  });
});
