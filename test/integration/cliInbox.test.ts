import { parse } from 'csv-parse/sync';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countLeads } from '../../electron/core/inbox';
import { HOT_SCORE } from '../../electron/core/leads';
import { openArchive } from '../../electron/core/store';
import { sampleLeads } from '../helpers/leads';
import { runCli } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
let db: string;
let shared: string;

beforeAll(() => {
  // Not from tempDir(): that folder is removed after each test, and every test here reads this archive.
  shared = mkdtempSync(join(tmpdir(), 'lead-inbox-cli-'));
  db = join(shared, 'leads.db');
  const archive = openArchive(db);
  archive.transaction(() => archive.upsertLeads(sampleLeads(2500, 41)));
  archive.close();
});

afterAll(() => rmSync(shared, { recursive: true, force: true }));

function count(query: object): number {
  const archive = openArchive(db);
  try {
    return countLeads(archive, query);
  } finally {
    archive.close();
  }
}

const cli = (...args: string[]) => runCli(args);

describe('lead-inbox export and list', () => {
  it('exports real leads by default, every lead with --all, and filters like the inbox', async () => {
    const dir = tempDir();
    const real = await cli('export', '--db', db, '--out', join(dir, 'real.csv'));
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(new RegExp(`Exported ${count({}).toLocaleString('en-US')} leads, 17 columns`));
    const all = await cli('export', '--db', db, '--out', join(dir, 'all.csv'), '--all');
    expect(all.stdout).toMatch(/Exported 2,500 leads/);

    const filtered = await cli('export', '--db', db, '--out', join(dir, 'f.csv'), '--action', 'PLT,INS', '--from', '2020-01-01', '--to', '2024-12-31', '--search', 'con', '--include-test');
    expect(filtered.code, filtered.stderr).toBe(0);
    const expected = count({ actions: ['PLT', 'INS'], date: { preset: 'custom', from: '2020-01-01', to: '2024-12-31' }, text: 'con', test: 'all' });
    expect(expected).toBeGreaterThan(0);
    const rows = parse(readFileSync(join(dir, 'f.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(expected);
    expect(rows.every((r) => ['PLT', 'INS'].includes(r.Action!) && r.Received! >= '2020' && r.Received! < '2025')).toBe(true);
  });

  it('writes XLSX and every column, and refuses unknown formats and column sets with exit 2', async () => {
    const dir = tempDir();
    const xlsx = await cli('export', '--db', db, '--out', join(dir, 'leads.xlsx'), '--columns', 'all', '--view', 'test');
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stdout).toMatch(new RegExp(`Exported ${count({ test: 'test' })} leads, 2\\d columns`));
    expect(existsSync(join(dir, 'leads.xlsx'))).toBe(true);
    expect((await cli('export', '--db', db, '--out', join(dir, 'leads.txt'))).code).toBe(2);
    expect((await cli('export', '--db', db, '--out', join(dir, 'x.csv'), '--columns', 'some')).code).toBe(2);
    const badSort = await cli('export', '--db', db, '--out', join(dir, 'x.csv'), '--sort', 'raw_json');
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toMatch(/sort\.column/);
    expect((await cli('list', '--db', db, '--view', 'nope')).stderr).toMatch(/No view "nope"\. Views: Inbox, All real leads/);
  });

  it('hands leads off to a CRM with --for, saying what it left out and how to keep it, as text or JSON', async () => {
    const dir = tempDir();
    const text = await cli('export', '--db', db, '--out', join(dir, 'sf.csv'), '--for', 'salesforce', '--all');
    expect(text.code, text.stderr).toBe(0);
    const rows = parse(readFileSync(join(dir, 'sf.csv')), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['First Name', 'Last Name', 'Company', 'Email', 'Phone', 'Title', 'Country', 'Lead Source', 'Email Opt Out', 'Description']);
    // --all keeps test and do-not-contact leads, and those without personal data.
    expect(text.stdout).toMatch(/^Exported 2,500 leads for Salesforce \(Data Import Wizard, Leads\) to .*sf\.csv in/);

    const json = await cli('export', '--db', db, '--out', join(dir, 'mk.csv'), '--for', 'marketo', '--json');
    expect(json.code, json.stderr).toBe(0);
    const outcome = JSON.parse(json.stdout) as { rows: number; files: string[]; handOff: { leftOut: Record<string, number> }; notes: string[] };
    const real = count({});
    const dnc = count({ doNotContact: 'only' });
    expect(outcome.handOff.leftOut.doNotContact).toBe(dnc);
    expect(outcome.rows).toBe(real - dnc - (outcome.handOff.leftOut.noPersonalData ?? 0) - (outcome.handOff.leftOut.noEmail ?? 0));
    expect(outcome.files).toEqual([join(dir, 'mk.csv')]);
    expect(outcome.notes).toContain(`Left out ${dnc.toLocaleString('en-US')} do-not-contact leads (a partner's customer, shared as a heads-up only) (keep them with --include-do-not-contact).`);

    const usage = [
      ['--for', 'pipedrive'],
      ['--for', 'hubspot', '--columns', 'all'],
      ['--include-do-not-contact'],
    ];
    for (const extra of usage) expect((await cli('export', '--db', db, '--out', join(dir, 'x.csv'), ...extra)).code, extra.join(' ')).toBe(2);
    const xlsx = await cli('export', '--db', db, '--out', join(dir, 'x.xlsx'), '--for', 'dynamics');
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toMatch(/is a CSV file: name --out \.csv/);
    expect(existsSync(join(dir, 'x.xlsx'))).toBe(false);
  });

  it('lists matching leads as lines or JSON, with the total', async () => {
    const listed = await cli('list', '--db', db, '--limit', '5', '--view', 'dnc');
    expect(listed.code).toBe(0);
    expect(listed.stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(listed.stdout).toMatch(/ DNC /);
    expect(listed.stderr).toMatch(new RegExp(`5 of ${count({ doNotContact: 'only' }).toLocaleString('en-US')} matching leads shown`));
    const json = await cli('list', '--db', db, '--limit', '3', '--json', '--sort', 'company:asc');
    const rows = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { company: string });
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.company.toLowerCase())).toEqual(rows.map((r) => r.company.toLowerCase()).sort());

    const hot = await cli('list', '--db', db, '--limit', '20', '--hot', '--sort', 'quality');
    expect(hot.code, hot.stderr).toBe(0);
    const lines = hot.stdout.trimEnd().split('\n');
    expect(lines.every((line) => / HOT$/.test(line))).toBe(true);
    const scores = lines.map((line) => Number(/ {2}quality (\d+) {2}/.exec(line)?.[1]));
    expect(scores).toHaveLength(20);
    expect(scores.every((score) => score >= HOT_SCORE)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(hot.stderr).toMatch(new RegExp(`20 of ${count({ hot: true }).toLocaleString('en-US')} matching leads shown`));
  });
});

describe('lead-inbox import', () => {
  const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'imports');
  it('imports payload files and Partner Center downloads, names each broken line, exits 1 for them, and lists the leads', async () => {
    const dir = tempDir();
    const archive = join(dir, 'imports.db');
    const first = await cli('import', '--db', archive, FIXTURES);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/faq-test-lead\.json, line 14: not valid JSON: Expected ',' or '}' after property value; nothing in this file was imported\./);
    expect(first.stderr).toMatch(/payloads-flow-history\.jsonl, line 2: not valid JSON/);
    expect(first.stdout).toMatch(/referrals-download\.csv: columns kept as they are \(no lead field matched them\): Status, Lead type\./);
    expect(first.stdout).toMatch(/Imported files: 6 new, 0 updated, 2 unchanged; 6 imported leads in the archive\./);

    const again = await cli('import', '--db', archive, join(FIXTURES, 'payloads-camel.jsonl'), '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, unchanged: 2, total: 6 });

    const listed = await cli('list', '--db', archive, '--destination', 'imported', '--all', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.trimEnd().split('\n')).toHaveLength(6);
    expect((await cli('import', '--db', archive)).code).toBe(2);
  });
});
