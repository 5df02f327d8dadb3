import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, exportLeads, neutralizeCell } from '../../electron/core/export';
import { queryLeads, setTriage } from '../../electron/core/inbox';
import { openArchive, type Archive } from '../../electron/core/store';
import { leadWithText, sampleLeads } from '../helpers/leads';
import { convertWithOffice, CSV_UTF8_FILTER, needsCsvFilter, office, skipWithoutOffice } from '../helpers/office';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

const HARD_TEXT = [
  'Zoë "Zee" O\'Brien, Jr.',
  'Line one\r\nline two\nline three',
  'Senior\nArchitect',
  'Before\rafter',
  'Ação São Paulo — naïve café',
  'Emoji 🚀👩🏽‍💻 in a name',
  'מרקטפלייס בע"מ',
  'شركة السحابة',
  '=HYPERLINK("http://evil.example","click")',
  '+1 425 555 0100',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\rCarriage',
  '',
  '   spaced   ',
];

function hardLeads() {
  return HARD_TEXT.map((text, i) =>
    leadWithText(text, i, {
      PartitionKey: 'hard',
      LeadSource: 'SPZA-PLT|contoso.app',
      Country: 'PT',
      CreatedTime: `2025-0${(i % 9) + 1}-0${(i % 9) + 1}T10:00:00Z`,
      Mystery: i % 2 ? `extra ${i}` : undefined,
    }),
  );
}

function archiveWith(name: string, fill: (archive: Archive) => void): Archive {
  const archive = openArchive(join(tempDir(), name));
  fill(archive);
  return archive;
}

describe('CSV export', () => {
  it('reads back field by field: quotes, newlines, accents, emoji, RTL; formulas neutralized; CRLF and a BOM', async () => {
    const archive = archiveWith('hard.db', (a) => a.upsertLeads(hardLeads()));
    setTriage(archive, [1], { status: 'contacted', notes: 'Called, "maybe" later\nfollow up' });
    // Synced text is trimmed, so leading tab and CR reach a cell only through notes the user typed.
    setTriage(archive, [2], { notes: '\t=cmd|\' /C calc\'!A0' });
    setTriage(archive, [3], { notes: '\r@SUM(1+1)' });
    const file = join(tempDir(), 'leads.csv');
    const result = await exportLeads(archive, { sort: { column: 'lastName', direction: 'asc' } }, { file });
    expect(result).toMatchObject({ rows: HARD_TEXT.length, format: 'csv', cancelled: false });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/^\uFEFFReceived,First name,Last name,Email,Phone,Company,Title,Country,Source,Action,Offer,Offer name,Description,Test lead,Do not contact,Status,Notes\r\n/);
    const records = parse(bytes, { bom: true, columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const expected = queryLeads(archive, { sort: { column: 'lastName', direction: 'asc' } }, { limit: 100 }).rows;
    expect(records).toHaveLength(HARD_TEXT.length);
    records.forEach((record, i) => {
      const lead = archive.getLead(expected[i]!.id)!;
      expect(record.Description).toBe(neutralizeCell(lead.description));
      expect(lead.description).toBe(HARD_TEXT[Number(lead.rowKey)]!.trim());
      expect(record['First name']).toBe(neutralizeCell(lead.firstName));
      expect(record.Company).toBe(neutralizeCell(lead.company));
      expect(record.Title).toBe(neutralizeCell(lead.title));
      expect(record['Last name']).toBe(lead.lastName);
      expect(record.Received).toBe(lead.receivedAt.replace('.000Z', 'Z'));
      expect(record.Source).toBe('AppSource');
      expect(record.Action).toBe('PLT');
      expect(record['Test lead']).toBe('FALSE');
      expect(record.Status).toBe(lead.triage.status);
      expect(record.Notes).toBe(neutralizeCell(lead.triage.notes));
    });
    for (const formula of ['=HYPERLINK', '+1 425', '-2+3', '@SUM']) {
      expect(records.some((r) => r.Description!.startsWith(`'${formula}`))).toBe(true);
      expect(records.some((r) => r.Description!.startsWith(formula))).toBe(false);
    }
    expect(records.filter((r) => r.Notes!.startsWith("'\t=cmd") || r.Notes!.startsWith("'\r@SUM"))).toHaveLength(2);
    archive.close();
  });

  it('writes no BOM when asked, and every extra property with --columns all', async () => {
    const archive = archiveWith('all.db', (a) => a.upsertLeads(hardLeads()));
    const file = join(tempDir(), 'all.csv');
    const result = await exportLeads(archive, {}, { file, columns: 'all', bom: false });
    expect(result.columns).toEqual([...DEFAULT_COLUMNS.map((c) => c.header), 'Lead source (raw)', 'Partition key', 'Row key', 'Timestamp', 'Mystery']);
    const bytes = readFileSync(file);
    expect(bytes[0]).toBe('R'.charCodeAt(0));
    const records = parse(bytes, { columns: true }) as Record<string, string>[];
    const row1 = records.find((r) => r['Row key'] === '01')!;
    expect(row1).toMatchObject({ 'Partition key': 'hard', 'Lead source (raw)': 'SPZA-PLT|contoso.app', Mystery: 'extra 1', Timestamp: '' });
    expect(records.find((r) => r['Row key'] === '02')!.Mystery).toBe('');
    archive.close();
  });

  it('exports exactly the leads a filtered view selects, in its order', async () => {
    const archive = archiveWith('view.db', (a) => a.upsertLeads(sampleLeads(3000, 31)));
    const query = { text: 'contoso', actions: ['INS', 'PLT'], test: 'all' as const, sort: { column: 'company' as const, direction: 'asc' as const } };
    const file = join(tempDir(), 'view.csv');
    const result = await exportLeads(archive, query, { file, columns: 'all' });
    const expected = queryLeads(archive, query, { limit: 5000 }).rows;
    expect(expected.length).toBeGreaterThan(20);
    expect(result.rows).toBe(expected.length);
    const records = parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
    const keys = records.map((r) => archive.findLeadId('dest-1', r['Partition key']!, r['Row key']!));
    expect(keys).toEqual(expected.map((r) => r.id));
    archive.close();
  });

  it('leaves no file behind when cancelled', async () => {
    const archive = archiveWith('cancel.db', (a) => a.upsertLeads(sampleLeads(12_000, 32)));
    const dir = tempDir();
    const abort = new AbortController();
    const progress: number[] = [];
    const result = await exportLeads(archive, { test: 'all' }, {
      file: join(dir, 'big.csv'),
      signal: abort.signal,
      onProgress: (p) => {
        progress.push(p.rows);
        abort.abort();
      },
    });
    expect(result).toMatchObject({ cancelled: true, rows: 5000 });
    expect(progress).toEqual([5000]);
    expect(readdirSync(dir)).toEqual([]);
    archive.close();
  });

  it('refuses a file name that is neither .csv nor .xlsx', async () => {
    const archive = archiveWith('name.db', () => undefined);
    await expect(exportLeads(archive, {}, { file: join(tempDir(), 'leads.txt') })).rejects.toThrow(/\.csv or \.xlsx/);
    archive.close();
  });
});

describe('XLSX export', () => {
  it('reads back with typed dates and booleans, a frozen header and an autofilter; formulas stay text', async () => {
    const archive = archiveWith('x.db', (a) => {
      a.upsertLeads(hardLeads());
      a.upsertLeads(sampleLeads(200, 33));
    });
    const file = join(tempDir(), 'leads.xlsx');
    const result = await exportLeads(archive, { test: 'all' }, { file });
    expect(existsSync(file)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Leads')!;
    expect(sheet.rowCount).toBe(result.rows + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, ...DEFAULT_COLUMNS.map((c) => c.header)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const expected = queryLeads(archive, { test: 'all' }, { limit: 1000 }).rows;
    expected.forEach((row, i) => {
      const cells = sheet.getRow(i + 2);
      const received = cells.getCell(1).value;
      expect(received).toBeInstanceOf(Date);
      expect((received as Date).toISOString()).toBe(row.receivedAt);
      // XML text in a workbook has no carriage returns; Excel breaks lines in a cell with LF alone.
      expect(cells.getCell(2).value ?? '').toBe(row.firstName.replace(/\r\n?/g, '\n'));
      expect(cells.getCell(14).value).toBe(row.isTest);
      expect(cells.getCell(15).value).toBe(row.doNotContact);
    });
    const formulaRow = expected.findIndex((r) => r.firstName.startsWith('=HYPERLINK'));
    expect(formulaRow).toBeGreaterThanOrEqual(0);
    expect(sheet.getRow(formulaRow + 2).getCell(2).type).toBe(ExcelJS.ValueType.String);
    archive.close();
  });
});

describe('CSV export in LibreOffice', () => {
  it.skipIf(skipWithoutOffice)(`opens with soffice --headless --convert-to xlsx: every column in place, accents intact (LibreOffice ${office ?? 'missing'}${needsCsvFilter ? ', told the file is UTF-8' : ''})`, async () => {
    expect(office, 'LibreOffice is not installed').not.toBeNull();
    const archive = archiveWith('office.db', (a) => {
      a.upsertLeads(hardLeads());
      a.upsertLeads(sampleLeads(1500, 34));
    });
    setTriage(archive, [1], { status: 'qualified', notes: 'Rückruf «Montag», 日本語 OK\nzweite Zeile' });
    const dir = tempDir();
    const file = join(dir, 'leads.csv');
    const query = { test: 'all' as const, sort: { column: 'country' as const, direction: 'asc' as const } };
    const result = await exportLeads(archive, query, { file });
    convertWithOffice(file, 'xlsx', dir, needsCsvFilter ? CSV_UTF8_FILTER : undefined);

    const csv = parse(readFileSync(file), { bom: true, record_delimiter: '\r\n' }) as string[][];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'leads.xlsx'));
    const sheet = workbook.worksheets[0]!;
    expect(csv).toHaveLength(result.rows + 1);
    expect(sheet.rowCount).toBe(csv.length);
    expect(sheet.columnCount).toBe(DEFAULT_COLUMNS.length);
    const seen = csv.map((row, r) => row.map((_, c) => spreadsheetText(sheet.getRow(r + 1).getCell(c + 1).value)));
    // Line breaks inside a cell come back as LF, as in any spreadsheet.
    expect(seen).toEqual(csv.map((row) => row.map((cell) => cell.replace(/\r\n?/g, '\n'))));
    const text = seen.flat().join('\n');
    for (const word of ['Köhler', 'Ação São Paulo', 'Zoë', 'מרקטפלייס', 'شركة السحابة', '👩🏽‍💻', 'Rückruf «Montag», 日本語']) expect(text).toContain(word);
    archive.close();
  });
});

function spreadsheetText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  return String(value);
}

describe('export failures', () => {
  /** Files in `dir` this process still holds open (removed ones included). */
  const heldIn = (dir: string) =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(`${dir}/`));

  it.skipIf(process.platform !== 'linux').each(['csv', 'xlsx'])('closes and removes the %s file when the export fails midway', async (format) => {
    const archive = archiveWith(`fail-${format}.db`, (a) => a.upsertLeads(sampleLeads(12_000, 38)));
    const dir = tempDir();
    let heldAtFailure: string[] = [];
    const failing = () => {
      heldAtFailure = heldIn(dir);
      throw new Error('progress listener failed');
    };
    await expect(exportLeads(archive, { test: 'all' }, { file: join(dir, `leads.${format}`), threads: 1, onProgress: failing })).rejects.toThrow('progress listener failed');
    expect(heldAtFailure).toEqual([join(dir, `.leads.${format}.partial`)]);
    expect(heldIn(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    archive.close();
  });
});

describe('CSV export across threads', () => {
  const sorts = ['receivedAt', 'lastName', 'company', 'country', 'status', 'offer', 'email', 'action'] as const;

  it('writes the same bytes as one thread, for any sort, filter and column set', async () => {
    const archive = archiveWith('threads.db', (a) => {
      a.upsertLeads(hardLeads());
      a.upsertLeads(sampleLeads(6000, 35));
    });
    setTriage(archive, Array.from({ length: 300 }, (_, i) => i * 17 + 1), { status: 'qualified', notes: 'Spoke, "yes"' });
    const dir = tempDir();
    const queries = [
      {},
      { test: 'all' as const, sort: { column: 'receivedAt' as const, direction: 'asc' as const } },
      { text: 'contoso', test: 'all' as const },
      { countries: ['DE', 'US', 'IN'], sort: { column: 'company' as const, direction: 'desc' as const } },
      ...sorts.map((column, i) => ({ test: 'all' as const, sort: { column, direction: i % 2 ? ('asc' as const) : ('desc' as const) } })),
    ];
    for (const [i, query] of queries.entries()) {
      const columns = i % 3 === 0 ? ('all' as const) : ('default' as const);
      const one = await exportLeads(archive, query, { file: join(dir, `one-${i}.csv`), columns, threads: 1 });
      const three = await exportLeads(archive, query, { file: join(dir, `three-${i}.csv`), columns, threads: 3 });
      expect(one.threads).toBe(1);
      expect(three.threads, JSON.stringify(query)).toBe(Math.min(3, one.rows));
      expect(three.rows).toBe(one.rows);
      expect(readFileSync(join(dir, `three-${i}.csv`)).equals(readFileSync(join(dir, `one-${i}.csv`))), JSON.stringify(query)).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    archive.close();
  });

  it('stops every thread when cancelled and leaves nothing behind', async () => {
    const archive = archiveWith('threads-cancel.db', (a) => a.upsertLeads(sampleLeads(12_000, 36)));
    const dir = tempDir();
    const abort = new AbortController();
    const result = await exportLeads(archive, { test: 'all' }, { file: join(dir, 'big.csv'), threads: 2, signal: abort.signal, onProgress: () => abort.abort() });
    expect(result).toMatchObject({ cancelled: true, threads: 2 });
    expect(result.rows).toBeLessThan(12_000);
    expect(readdirSync(dir)).toEqual([]);
    archive.close();
  });

  it('fails as a whole when one thread cannot write, leaving no partial file', async () => {
    const archive = archiveWith('threads-fail.db', (a) => a.upsertLeads(sampleLeads(3000, 37)));
    const dir = tempDir();
    // A directory where the second range's part file goes: that thread cannot open it.
    mkdirSync(join(dir, '.big.csv.partial.1'));
    await expect(exportLeads(archive, { test: 'all' }, { file: join(dir, 'big.csv'), threads: 2 })).rejects.toThrow(/Export failed: .*EISDIR/);
    expect(readdirSync(dir)).toEqual(['.big.csv.partial.1']);
    archive.close();
  });
});
