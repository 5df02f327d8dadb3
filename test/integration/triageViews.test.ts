import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_VIEWS, countLeads, deleteView, leadDetail, listViews, queryLeads, reorderViews, saveView, setTriage, setTriageByQuery, ViewError,
} from '../../electron/core/inbox';
import { openArchive } from '../../electron/core/store';
import { leadOf, sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

describe('triage', () => {
  it('updates one or many leads, keeps fields not given, and survives a re-sync of the same leads', () => {
    const archive = openArchive(join(tempDir(), 'triage.db'));
    const leads = sampleLeads(300, 5);
    archive.upsertLeads(leads);
    expect(setTriage(archive, [1, 2, 3], { status: 'contacted' })).toBe(3);
    expect(setTriage(archive, [2], { notes: 'Asked for a demo', read: true })).toBe(1);
    expect(archive.getLead(2)!.triage).toMatchObject({ status: 'contacted', notes: 'Asked for a demo', read: true });
    expect(archive.getLead(3)!.triage).toMatchObject({ status: 'contacted', notes: '', read: false });
    expect(setTriage(archive, [999_999], { status: 'qualified' })).toBe(0);
    expect(() => setTriage(archive, [1], {})).toThrow(/nothing to change/);
    expect(() => setTriage(archive, [1], { status: 'won' as never })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ['status'] })] }));

    const changed = leads.map((lead) => ({ ...lead, etag: 'W/"later"', description: 'Changed in Azure', raw: { ...lead.raw, Description: 'Changed in Azure' } }));
    expect(archive.upsertLeads(changed).updated).toBe(300);
    expect(archive.getLead(2)!.triage).toMatchObject({ status: 'contacted', notes: 'Asked for a demo', read: true });
    expect(archive.getLead(2)!.description).toBe('Changed in Azure');
    archive.close();
  });

  it('applies to exactly the leads a query selects', () => {
    const archive = openArchive(join(tempDir(), 'bulk.db'));
    archive.upsertLeads(sampleLeads(2000, 6));
    const query = { actions: ['PLT'], test: 'real' as const };
    const selected = countLeads(archive, query);
    expect(selected).toBeGreaterThan(10);
    expect(setTriageByQuery(archive, query, { status: 'qualified' })).toBe(selected);
    expect(countLeads(archive, { statuses: ['qualified'], test: 'all' })).toBe(selected);
    expect(countLeads(archive, { ...query, statuses: ['qualified'] })).toBe(selected);
    archive.close();
  });
});

describe('views', () => {
  it('offers the built-in views, whose queries select what their names say', () => {
    const archive = openArchive(join(tempDir(), 'views.db'));
    archive.upsertLeads(sampleLeads(3000, 8));
    const views = listViews(archive);
    expect(views.map((v) => v.name)).toEqual(['Inbox', 'All real leads', 'Test leads', 'Do not contact', 'Duplicates']);
    const view = (id: string) => BUILT_IN_VIEWS.find((v) => v.id === id)!.query;
    const test = queryLeads(archive, view('test'), { limit: 5000 }).rows;
    expect(test.length).toBeGreaterThan(0);
    expect(test.every((r) => r.isTest)).toBe(true);
    expect(queryLeads(archive, view('dnc'), { limit: 5000 }).rows.every((r) => r.doNotContact && !r.isTest)).toBe(true);
    const inbox = queryLeads(archive, view('inbox'), { limit: 5000 }).rows;
    expect(inbox.every((r) => !r.isTest && !r.doNotContact && r.status === 'new')).toBe(true);
    setTriage(archive, [inbox[0]!.id], { status: 'contacted' });
    expect(countLeads(archive, view('inbox'))).toBe(inbox.length - 1);
    const duplicates = queryLeads(archive, view('duplicates'), { limit: 5000 }).rows;
    expect(duplicates.length).toBeGreaterThan(0);
    expect(duplicates.every((r) => r.duplicates > 1)).toBe(true);
    archive.close();
  });

  it('saves, renames, reorders and deletes the user\'s views, with unique names', () => {
    const archive = openArchive(join(tempDir(), 'saved.db'));
    const germany = saveView(archive, { name: 'Germany, contact me', query: { countries: ['DE'], actions: ['PLT'] }, columns: [{ key: 'receivedAt', width: 160 }, { key: 'company' }] });
    const recent = saveView(archive, { name: 'Recent', query: { date: { preset: '7d' } } });
    expect(listViews(archive).slice(5).map((v) => v.name)).toEqual(['Germany, contact me', 'Recent']);
    expect(() => saveView(archive, { name: 'recent', query: {} })).toThrow(ViewError);
    expect(() => saveView(archive, { name: 'Inbox', query: {} })).toThrow(/built-in/);
    expect(() => saveView(archive, { name: 'Bad', query: { sort: { column: 'raw_json' } } })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ['query', 'sort', 'column'] })] }));
    saveView(archive, { name: 'Last 7 days', query: { date: { preset: '7d' } } }, recent.id);
    reorderViews(archive, [recent.id, germany.id]);
    const saved = listViews(archive).slice(5);
    expect(saved.map((v) => v.name)).toEqual(['Last 7 days', 'Germany, contact me']);
    expect(saved[1]).toMatchObject({ builtIn: false, query: { countries: ['DE'], actions: ['PLT'], test: 'real' }, columns: [{ key: 'receivedAt', width: 160 }, { key: 'company' }] });
    expect(deleteView(archive, germany.id)).toBe(true);
    expect(deleteView(archive, germany.id)).toBe(false);
    archive.close();
    expect(listViews(openArchive(join(archive.file))).slice(5).map((v) => v.name)).toEqual(['Last 7 days']);
  });
});

describe('duplicates', () => {
  it('groups by email, else phone, else name and company, and says why, without merging anything', () => {
    const archive = openArchive(join(tempDir(), 'dupes.db'));
    const base = { PartitionKey: 'p', LeadSource: 'SPZA-INS|contoso.app', CustomerInfo: '' };
    const info = (o: object) => JSON.stringify({ FirstName: 'Ana', LastName: 'Silva', Company: 'Contoso', ...o });
    archive.upsertLeads([
      leadOf({ ...base, RowKey: '1', CustomerInfo: info({ Email: 'Ana.Silva@Contoso.com' }) }),
      leadOf({ ...base, RowKey: '2', CustomerInfo: info({ Email: 'ana.silva@contoso.com ', Phone: '+1 425 555 0100' }) }),
      leadOf({ ...base, RowKey: '3', CustomerInfo: info({ Phone: '(425) 555-0100' }) }),
      leadOf({ ...base, RowKey: '4', CustomerInfo: info({ Phone: '425.555.0100' }) }),
      leadOf({ ...base, RowKey: '5', CustomerInfo: info({}) }),
      leadOf({ ...base, RowKey: '6', CustomerInfo: info({ Company: 'contoso ' }) }),
      leadOf({ ...base, RowKey: '7', CustomerInfo: info({ FirstName: 'Bo', Email: 'bo@fabrikam.com' }) }),
    ]);
    const group = (rowKey: string) => leadDetail(archive, archive.findLeadId('dest-1', 'p', rowKey)!)!.duplicateGroup;
    expect(group('1')).toMatchObject({ reason: 'same email', key: 'email:ana.silva@contoso.com' });
    expect(group('1')!.leads).toHaveLength(2);
    expect(group('3')).toMatchObject({ reason: 'same phone' });
    expect(group('3')!.leads).toHaveLength(2);
    expect(group('5')).toMatchObject({ reason: 'same name and company' });
    expect(group('7')).toBeNull();
    expect(countLeads(archive, { duplicatesOnly: true })).toBe(6);
    expect(archive.countLeads()).toBe(7);

    archive.upsertLeads([leadOf({ ...base, RowKey: '8', CustomerInfo: info({ FirstName: 'Bo', Email: 'BO@fabrikam.com' }) })]);
    expect(group('7')).toMatchObject({ reason: 'same email' });
    expect(countLeads(archive, { duplicatesOnly: true })).toBe(8);
    archive.close();
  });
});

describe('sample data', () => {
  it('adds generated leads under their own id, and removes them with their triage, index entries and counts', async () => {
    const { SecretStore, KeyFileCipher } = await import('../../electron/core/secrets');
    const { LeadInboxService } = await import('../../electron/core/service');
    const dir = tempDir();
    const archive = openArchive(join(dir, 'sample.db'));
    archive.upsertLeads(sampleLeads(200, 3));
    const service = new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, 'k.key'))));
    expect(service.hasSampleLeads()).toBe(false);
    expect(service.addSampleLeads(1000)).toBe(1000);
    expect(service.hasSampleLeads()).toBe(true);
    expect(countLeads(archive, { test: 'all' })).toBe(1200);
    const sampleId = archive.db.prepare("SELECT id FROM leads WHERE destination_id = 'sample:lead-inbox' LIMIT 1").pluck().get() as number;
    setTriage(archive, [sampleId, 1], { status: 'qualified' });
    expect(service.removeSampleLeads()).toBe(1000);
    expect(service.hasSampleLeads()).toBe(false);
    expect(countLeads(archive, { test: 'all' })).toBe(200);
    expect(countLeads(archive, { test: 'all', text: 'contoso' })).toBe(archive.db.prepare("SELECT count(*) FROM leads_fts WHERE leads_fts MATCH '\"contoso\"*'").pluck().get());
    expect(archive.db.prepare('SELECT count(*) FROM lead_triage').pluck().get()).toBe(1);
    expect(archive.db.prepare('SELECT sum(n) FROM lead_stats').pluck().get()).toBe(200);
    archive.close();
  });
});
