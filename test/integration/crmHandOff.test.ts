import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLeads } from '../../electron/core/export';
import type { Lead } from '../../electron/core/leads';
import { openArchive } from '../../electron/core/store';
import { readWithPython } from '../helpers/consumers';
import { HOSTILE_TEXTS, leadOf, leadWithText, sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

/**
 * The golden facts of each target, written out here from shared/CRM.md rather than read from the code
 * under test: exact header rows, required columns, field lengths.
 */
const GOLDEN = {
  salesforce: {
    header: ['First Name', 'Last Name', 'Company', 'Email', 'Phone', 'Title', 'Country', 'Lead Source', 'Email Opt Out', 'Description'],
    required: ['Last Name', 'Company'],
    lengths: { 'First Name': 40, 'Last Name': 80, Company: 255, Phone: 40, Title: 128, Country: 80, 'Lead Source': 255, Description: 32_000 },
    email: 'Email',
    details: 'Description',
    needsEmail: false,
    // Lead Source has a column of its own here, so the details do not repeat it.
    detailsLeadSource: false,
  },
  dynamics: {
    header: ['Topic', 'First Name', 'Last Name', 'Company Name', 'Email', 'Business Phone', 'Job Title', 'Country/Region', 'Description'],
    required: ['Topic', 'Last Name', 'Company Name'],
    lengths: { Topic: 300, 'First Name': 50, 'Last Name': 50, 'Company Name': 100, 'Business Phone': 50, 'Job Title': 100, 'Country/Region': 80, Description: 2_000 },
    email: 'Email',
    details: 'Description',
    needsEmail: false,
    detailsLeadSource: true,
  },
  marketo: {
    header: ['Email Address', 'First Name', 'Last Name', 'Company Name', 'Job Title', 'Phone Number', 'Country', 'Lead Source', 'Marketplace Details'],
    required: ['Email Address'],
    lengths: { 'First Name': 255, 'Last Name': 255, 'Company Name': 255, 'Job Title': 255, 'Phone Number': 255, Country: 255, 'Lead Source': 255 },
    email: 'Email Address',
    details: 'Marketplace Details',
    needsEmail: true,
    detailsLeadSource: false,
  },
  hubspot: {
    header: ['First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Job Title', 'Country/Region', 'Message'],
    required: [],
    lengths: {},
    email: 'Email',
    details: 'Message',
    needsEmail: false,
    detailsLeadSource: true,
  },
} as const;

/** Generated leads (with test, do-not-contact, .edu and e-mail-less ones) plus every hostile text. */
function fixtureLeads(): Lead[] {
  const hostile = HOSTILE_TEXTS.map((text, i) =>
    leadWithText(text, i, { PartitionKey: 'hostile', LeadSource: 'AzureMarketplace-INS|contoso.app', Country: 'DE', CreatedTime: '2025-05-05T10:00:00Z' }),
  );
  const noLastName = leadOf({
    PartitionKey: 'odd',
    RowKey: 'no-last-name',
    LeadSource: 'SPZA-PLT|contoso.app',
    CustomerInfo: JSON.stringify({ FirstName: 'Ana', LastName: '', Email: 'ana@contoso.com', Company: '' }),
  } as never);
  return [...sampleLeads(600, 21), ...hostile, noLastName];
}

const keptBy = (needsEmail: boolean) => (lead: Lead) => !lead.isTest && !lead.doNotContact && !lead.piiWithheld && (!needsEmail || lead.email !== '');

describe('CRM hand-off exports', () => {
  const leads = fixtureLeads();
  for (const [target, golden] of Object.entries(GOLDEN) as [keyof typeof GOLDEN, (typeof GOLDEN)[keyof typeof GOLDEN]][]) {
    it(`writes ${target}'s exact header, never an empty required field, lengths that fit, and rows Python reads back`, async () => {
      const archive = openArchive(join(tempDir(), `${target}.db`));
      archive.upsertLeads(leads);
      const file = join(tempDir(), `${target}.csv`);
      const result = await exportLeads(archive, { test: 'all' }, { file, handOff: { target } });
      archive.close();

      const expected = leads.filter(keptBy(golden.needsEmail));
      expect(result.rows).toBe(expected.length);
      expect(result.files).toEqual([file]);
      expect(result.handOff!.leftOut).toEqual(
        Object.fromEntries(
          Object.entries({
            test: leads.filter((l) => l.isTest).length,
            doNotContact: leads.filter((l) => !l.isTest && l.doNotContact).length,
            noPersonalData: leads.filter((l) => !l.isTest && !l.doNotContact && l.piiWithheld).length,
            noEmail: golden.needsEmail ? leads.filter((l) => !l.isTest && !l.doNotContact && !l.piiWithheld && l.email === '').length : 0,
          }).filter(([, n]) => n > 0),
        ),
      );
      expect(Object.keys(result.handOff!.leftOut)).toEqual(expect.arrayContaining(['test', 'doNotContact', 'noPersonalData']));

      const [header, ...rows] = readWithPython(file);
      expect(header).toEqual([...golden.header]);
      expect(rows).toHaveLength(expected.length);
      expect(rows.every((row) => row.length === golden.header.length)).toBe(true);
      const column = (name: string) => rows.map((row) => row[golden.header.indexOf(name as never)]!);
      for (const name of golden.required) expect(column(name).filter((value) => value === ''), name).toEqual([]);
      for (const [name, max] of Object.entries(golden.lengths)) expect(Math.max(...column(name).map((value) => value.length)), name).toBeLessThanOrEqual(max);
      // Every kept lead is there once, by its email; an e-mail-less lead is there when the target allows it.
      expect(column(golden.email).sort()).toEqual(expected.map((l) => l.email).sort());
      // The marketplace facts survive in the details field, also after a 30,000-character description.
      expect(column(golden.details).every((details) => /Microsoft commercial marketplace lead\nOffer: .+\n/.test(details) && /\nReceived: \d{4}-/.test(details))).toBe(true);
      expect(column(golden.details).some((details) => /\nLead source: \S+\|\S+\n/.test(details))).toBe(golden.detailsLeadSource);
      // A formula is made text; a phone number is not touched.
      const firstNames = column('First Name');
      expect(firstNames).toContain("'=1+1");
      expect(firstNames).toContain('+49 30 1234567');
      expect(firstNames).toContain('Senior\nArchitect');
      if (golden.required.includes('Company' as never) || golden.required.includes('Company Name' as never)) {
        expect(result.handOff!.placeholders).toMatchObject({ [golden.required.at(-1)!]: expect.any(Number) });
        expect(column(golden.required.at(-1)!)).toContain('[not provided]');
      }
    });
  }

  it('keeps what the user asks to keep, and still refuses e-mail-less rows where the target matches by email', async () => {
    const dir = tempDir();
    const archive = openArchive(join(dir, 'include.db'));
    archive.upsertLeads(leads);
    const include = { test: true, doNotContact: true, noPersonalData: true };
    const salesforce = await exportLeads(archive, { test: 'all' }, { file: join(dir, 'all-sf.csv'), handOff: { target: 'salesforce', include } });
    const marketo = await exportLeads(archive, { test: 'all' }, { file: join(dir, 'all-mk.csv'), handOff: { target: 'marketo', include } });
    archive.close();
    expect(salesforce.rows).toBe(leads.length);
    expect(salesforce.handOff!.leftOut).toEqual({});
    expect(marketo.rows).toBe(leads.filter((l) => l.email !== '').length);
    expect(marketo.handOff!.leftOut).toEqual({ noEmail: leads.filter((l) => l.email === '').length });
    const optOut = readWithPython(join(dir, 'all-sf.csv')).slice(1).map((row) => row[8]);
    expect(optOut.filter((value) => value === '1')).toHaveLength(leads.filter((l) => l.doNotContact).length);
  });

  it("splits a hand-off over the target's file limit into numbered files, each with the header, none over it", async () => {
    const dir = tempDir();
    const archive = openArchive(join(dir, 'split.db'));
    const long = 'Long description. '.repeat(140);
    const generated = sampleLeads(6000, 9).map((lead) => ({ ...lead, description: `${lead.description} ${long}` }));
    archive.upsertLeads(generated);
    const file = join(dir, 'dynamics.csv');
    const result = await exportLeads(archive, { test: 'all' }, { file, handOff: { target: 'dynamics' }, threads: 2 });
    archive.close();
    expect(result.files.length).toBeGreaterThan(1);
    expect(result.files).toEqual(result.files.map((_, i) => join(dir, `dynamics-${i + 1}.csv`)));
    const all: string[][] = [];
    for (const part of result.files) {
      expect(statSync(part).size).toBeLessThanOrEqual(8 * 1024 * 1024);
      expect(readFileSync(part).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const [header, ...rows] = readWithPython(part);
      expect(header).toEqual([...GOLDEN.dynamics.header]);
      all.push(...rows);
    }
    expect(all).toHaveLength(result.rows);
    // Each kept lead in exactly one of the files.
    expect(all.map((row) => row[4]).sort()).toEqual(generated.filter(keptBy(false)).map((l) => l.email).sort());
    expect(result.handOff!.cut.Description).toBe(result.rows);
    expect(all.every((row) => row[8]!.length <= 2000 && row[8]!.includes('[…]\n\nMicrosoft commercial marketplace lead'))).toBe(true);
  });

  it('refuses an XLSX hand-off before writing anything', async () => {
    const archive = openArchive(join(tempDir(), 'xlsx.db'));
    await expect(exportLeads(archive, {}, { file: join(tempDir(), 'leads.xlsx'), handOff: { target: 'hubspot' } })).rejects.toThrow(/is a CSV file: name it \.csv/);
    archive.close();
  });
});
