import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportLeads } from '../../electron/core/export';
import { parsePayloadFile } from '../../electron/core/imports/payloadFile';
import { parseReferralsFile } from '../../electron/core/imports/referralsFile';
import { IMPORTED_DESTINATION } from '../../electron/core/imports';
import { facetCounts, queryLeads } from '../../electron/core/inbox';
import { readWithPython } from '../helpers/consumers';
import { serviceWithLeads } from '../helpers/service';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'imports');
const fixture = (name: string) => join(FIXTURES, name);

/** Every column of every imported lead, by identity: what "the same archive" means here. */
function importedRows({ archive }: ReturnType<typeof serviceWithLeads>) {
  return archive.db
    .prepare('SELECT partition_key, row_key, first_name, last_name, email, company, action, offer, offer_name, received_at FROM leads WHERE destination_id = ? ORDER BY row_key')
    .all(IMPORTED_DESTINATION);
}

describe('importing lead files', () => {
  it('gives the same archive when the same folder is imported twice', () => {
    const folder = join(tempDir(), 'payloads');
    mkdirSync(join(folder, 'march'), { recursive: true });
    cpSync(fixture('payloads-pascal.json'), join(folder, 'payloads-pascal.json'));
    cpSync(fixture('payloads-flow-history.jsonl'), join(folder, 'march', 'flow.jsonl'));
    cpSync(fixture('referrals-download.csv'), join(folder, 'referrals.csv'));
    const opened = serviceWithLeads(tempDir(), 0);
    const { service } = opened;
    const first = service.importFiles([folder]);
    expect(first).toMatchObject({ inserted: 6, updated: 0, total: 6 });
    const rows = importedRows(opened);
    const second = service.importFiles([folder]);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 6, total: 6 });
    expect(importedRows(opened)).toEqual(rows);
    expect(service.importedFiles()).toMatchObject({ destinationId: IMPORTED_DESTINATION, leads: 6 });
    expect(service.importedFiles().files.map((f) => f.name).sort()).toEqual(['flow.jsonl', 'payloads-pascal.json', 'referrals.csv']);
    opened.archive.close();
  });

  it('reads camelCase and PascalCase payloads as the same leads', () => {
    const opened = serviceWithLeads(tempDir(), 0);
    const { service } = opened;
    const pascal = service.importFiles([fixture('payloads-pascal.json')]);
    const rows = importedRows(opened);
    const camel = service.importFiles([fixture('payloads-camel.jsonl')]);
    expect(pascal.inserted).toBe(2);
    expect(camel).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(importedRows(opened)).toEqual(rows);
    const lead = opened.archive.getLead(queryLeads(opened.archive, { text: 'fabrikam', test: 'all' }).rows[0]!.id)!;
    expect(lead).toMatchObject({ firstName: 'Ana', lastName: 'Silva', email: 'ana.silva@fabrikam.pt', company: 'Fabrikam', action: 'PLT', offer: 'fabrikam.crm-connector', offerName: 'Fabrikam CRM Connector' });
    opened.archive.close();
  });

  it("reports Microsoft's own FAQ sample (a comma is missing) and a broken line by number, and imports the rest", () => {
    const opened = serviceWithLeads(tempDir(), 0);
    const { service } = opened;
    const result = service.importFiles([fixture('faq-test-lead.json'), fixture('payloads-flow-history.jsonl'), fixture('referrals-download.csv'), join(tempDir(), 'missing.json')]);
    const byName = Object.fromEntries(result.files.map((file) => [file.name.replace(/^.*[\\/]/, ''), file]));
    expect(byName['faq-test-lead.json']).toMatchObject({ leads: 0, inserted: 0 });
    expect(byName['faq-test-lead.json']!.problems).toEqual([{ line: 14, message: expect.stringMatching(/^not valid JSON: Expected ',' or '}' after property value.*nothing in this file was imported\.$/) }]);
    expect(byName['payloads-flow-history.jsonl']).toMatchObject({ leads: 2, inserted: 2 });
    expect(byName['payloads-flow-history.jsonl']!.problems).toEqual([{ line: 2, message: expect.stringMatching(/^not valid JSON/) }]);
    expect(byName['referrals-download.csv']).toMatchObject({ leads: 2, inserted: 2, unrecognisedColumns: ['Status', 'Lead type'] });
    expect(byName['missing.json']!.problems).toEqual([{ line: null, message: 'no such file or folder.' }]);
    expect(result.total).toBe(4);
    // The broken file is not remembered as imported.
    expect(service.importedFiles().files.map((f) => f.name).sort()).toEqual(['payloads-flow-history.jsonl', 'referrals-download.csv']);
    opened.archive.close();
  });

  it('makes imported leads searchable, filterable and exportable like synced ones', async () => {
    const opened = serviceWithLeads(tempDir(), 0);
    const { service } = opened;
    service.addSampleLeads(300);
    service.importFiles([fixture('payloads-flow-history.jsonl'), fixture('referrals-download.csv'), fixture('payloads-pascal.json')]);
    const { archive } = opened;
    expect(queryLeads(archive, { text: 'wingtip', test: 'all' }).rows.map((r) => r.email)).toContain('kenji.sato@wingtip.jp');
    expect(queryLeads(archive, { text: '部長', test: 'all' }).rows.map((r) => r.email)).toEqual(['kenji.sato@wingtip.jp']);
    const imported = queryLeads(archive, { destinationId: IMPORTED_DESTINATION, test: 'all', sort: { column: 'email', direction: 'asc' } }, { limit: 100 });
    expect(imported.total).toBe(6);
    expect(imported.rows.map((r) => r.email)).toEqual(['ana.silva@fabrikam.pt', 'jane.doe@contoso.com', 'kenji.sato@wingtip.jp', 'liu.wei@adatum.cn', 'omar@northwind.ae', 'someone@contoso.com']);
    // Partner Center's columns: the customer's whole name split, the lead source completed with the offer id.
    const jane = archive.getLead(imported.rows[1]!.id)!;
    expect(jane).toMatchObject({ firstName: 'Jane Q', lastName: 'Doe', company: 'Contoso', country: 'US', action: 'PLT', offer: 'contoso.crm-sync', offerName: 'Contoso CRM Sync', receivedAt: '2026-09-14T08:30:00.000Z' });
    const byAction = facetCounts(archive, { destinationId: IMPORTED_DESTINATION, test: 'all' }).action.map((f) => [f.value, f.count]);
    expect(byAction).toEqual(expect.arrayContaining([['PLT', 2], ['INS', 3], ['Create', 1]]));

    const file = join(tempDir(), 'imported-salesforce.csv');
    const result = await exportLeads(archive, { destinationId: IMPORTED_DESTINATION, test: 'all' }, { file, handOff: { target: 'salesforce' } });
    expect(result.rows).toBe(6);
    const [header, ...rows] = readWithPython(file);
    expect(header![1]).toBe('Last Name');
    expect(rows.map((row) => row[3]).sort()).toEqual(imported.rows.map((r) => r.email).sort());
    expect(rows.find((row) => row[3] === 'kenji.sato@wingtip.jp')![9]).toMatch(/^Needs a quote\nfor 40 devices\n\nMicrosoft commercial marketplace lead\nOffer: Wingtip IoT Edge \(wingtip\.iot-edge\)/);
    opened.archive.close();
  });
});

describe('lead file parsers', () => {
  it('takes one object, an array, or one lead a line, and refuses objects that are not leads', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(parsePayloadFile('{"leadSource":"SPZA","userDetails":{"email":"a@b.c"}}', 'json', at).entities).toHaveLength(1);
    const array = parsePayloadFile('[{"LeadSource":"SPZA"},{"name":"x"},3]', 'json', at);
    expect(array.entities).toHaveLength(1);
    expect(array.problems.map((p) => p.message)).toEqual([
      'item 2: not a marketplace lead (no userDetails, leadSource or actionCode).',
      'item 3: not a marketplace lead (no userDetails, leadSource or actionCode).',
    ]);
    const lines = parsePayloadFile('\uFEFF{"actionCode":"INS"}\r\n\r\n{"oops"\n{"ActionCode":"PLT"}\n', 'jsonl', at);
    expect(lines.entities).toHaveLength(2);
    expect(lines.problems).toEqual([{ line: 3, message: expect.stringMatching(/^not valid JSON: /) }]);
    expect(lines.entities[0]).toMatchObject({ timestamp: at, partitionKey: 'https-payload' });
  });

  it('matches Partner Center headers in any casing and keeps the unknown ones', () => {
    const upper = parseReferralsFile('CREATION DATE,CUSTOMER NAME,CUSTOMER EMAIL,Lead Source,Offer ID,Rating\n2026-02-03,Mo,mo@x.io,AzurePortal,x.y,Hot\n', '2026-01-01T00:00:00.000Z');
    expect(upper.unrecognised).toEqual(['Rating']);
    expect(upper.entities[0]!.properties).toEqual({ CreatedTime: '2026-02-03', FirstName: '', LastName: 'Mo', Email: 'mo@x.io', LeadSource: 'AzurePortal|x.y', OfferId: 'x.y', Rating: 'Hot' });
  });
});
