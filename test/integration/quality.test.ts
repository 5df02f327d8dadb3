import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leadDetail, prepareForQueries, queryLeads, setTriage } from '../../electron/core/inbox';
import { attachLeadIndex, readyLeadIndex } from '../../electron/core/inbox/leadIndex';
import { baseQuality } from '../../electron/core/leads';
import { openArchive, type Archive } from '../../electron/core/store';
import { leadOf, sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

function entity(row: number, email: string, action: string, extra: Record<string, string> = {}) {
  return {
    PartitionKey: '20261101',
    RowKey: `r${row}`,
    LeadSource: `AzureMarketplace-${action}|contoso.crm`,
    ActionCode: action,
    CustomerInfo: JSON.stringify({ FirstName: 'Ana', LastName: 'Lima', Email: email, Phone: '+1 425 555 0100', Company: 'Fabrikam', Title: 'CTO', Country: 'US', ...extra }),
    Description: 'Campaigns: ',
    CreatedTime: `2026-11-0${row}T10:00:00Z`,
  } as never;
}

/** The leads of a query as [id, score] pairs, in the order shown. */
const shown = (archive: Archive, query: object) => queryLeads(archive, { ...query, test: 'all' }).rows.map((row) => [row.id, row.quality]);

describe('lead quality in the archive and the inbox', () => {
  it('scores leads as written, sorts and filters by the score in SQL and in the lead index, and follows qualified duplicates', () => {
    const file = join(tempDir(), 'quality.db');
    const writer = openArchive(file);
    writer.upsertLeads([
      entity(1, 'ana.lima@fabrikam.com', 'INS'), // 25 + 5 + 10 + 10 + 5 + 5 = 60
      entity(2, 'ana.lima@fabrikam.com', 'PLT'), // 80, the same person
      entity(3, 'bo@gmail.com', 'PLT', { Company: '', Title: '' }), // 10 + 25 + 10 + 5 = 50
      entity(4, 'MSFT_TEST_636737558587117715@test.com', 'INS', { FirstName: 'MSFT_TEST_636737558587117715' }), // 0
    ].map((e) => leadOf(e)));
    const indexed = openArchive(file);
    prepareForQueries(writer);
    const index = attachLeadIndex(indexed, () => undefined).buildNow();
    for (const archive of [writer, indexed]) {
      expect(shown(archive, { sort: { column: 'quality', direction: 'desc' } })).toEqual([[2, 80], [1, 60], [3, 50], [4, 0]]);
      expect(shown(archive, { sort: { column: 'quality', direction: 'asc' } })).toEqual([[4, 0], [3, 50], [1, 60], [2, 80]]);
      expect(shown(archive, { hot: true })).toEqual([[2, 80]]);
    }
    expect(readyLeadIndex(indexed)).toBe(index);
    expect(index.orderOf('quality')).toBeDefined();

    // Qualifying lead 2 lifts the other lead of the same person, not itself.
    setTriage(indexed, [2], { status: 'qualified' });
    for (const archive of [writer, indexed]) {
      expect(shown(archive, { sort: { column: 'quality', direction: 'desc' } })).toEqual([[2, 80], [1, 70], [3, 50], [4, 0]]);
      expect(shown(archive, { hot: true, sort: { column: 'quality', direction: 'asc' } })).toEqual([[1, 70], [2, 80]]);
    }
    expect(readyLeadIndex(indexed)).toBe(index);
    const detail = leadDetail(indexed, 1)!;
    expect(detail.qualityHint.score).toBe(70);
    expect(detail.qualityHint.hot).toBe(true);
    expect(detail.qualityHint.reasons.map((r) => r.text)).toEqual([
      'Business email domain (fabrikam.com)',
      'Installed or started a free trial (Get it now)',
      'Phone number given',
      'Company given',
      'Job title given',
      'Full name given',
      'No note from the customer',
      'Another lead of this person is already qualified',
    ]);
    expect(leadDetail(indexed, 2)!.qualityHint.reasons.at(-1)!.text).toBe('No other lead of this person is qualified');
    expect(leadDetail(indexed, 4)!.qualityHint).toMatchObject({ score: 0, hot: false });

    // A change in Azure is scored again as it is written.
    const changed = leadOf(entity(3, 'bo@contoso.com', 'PLT', { Company: '', Title: '' }));
    writer.upsertLeads([{ ...changed, etag: 'W/"2"' }]);
    expect(shown(writer, { sort: { column: 'quality', direction: 'desc' } })[2]).toEqual([3, 65]);

    setTriage(writer, [2], { status: 'contacted' });
    expect(shown(writer, { hot: true })).toEqual([[2, 80]]);
    writer.close();
    indexed.close();
  });

  it('scores an archive made under other rules again on opening, a chunk at a time, and resumes a pass cut short', () => {
    const file = join(tempDir(), 'rescore.db');
    const archive = openArchive(file);
    archive.upsertLeads(sampleLeads(45_000, 8));
    const stored = () => archive.db.prepare('SELECT id, quality FROM leads ORDER BY id').all() as { id: number; quality: number | null }[];
    const expected = stored();
    expect(expected.every(({ id, quality }) => quality === baseQuality(archive.getLead(id)!))).toBe(true);
    // As left by a version with other rules: stale scores, and a rescoring pass cut short at id 30,000.
    archive.db.exec("UPDATE leads SET quality = NULL; UPDATE archive_meta SET value = 'older' WHERE key = 'quality_rules'");
    archive.close();
    const reopened = openArchive(file);
    expect(reopened.db.prepare('SELECT quality FROM leads ORDER BY id').pluck().all()).toEqual(expected.map(({ quality }) => quality));
    expect(reopened.db.prepare("SELECT count(*) FROM archive_meta WHERE key = 'quality_unscored_to'").pluck().get()).toBe(0);

    reopened.db.exec("UPDATE leads SET quality = NULL WHERE id <= 30000; INSERT OR REPLACE INTO archive_meta (key, value) VALUES ('quality_unscored_to', '30000')");
    reopened.close();
    const resumed = openArchive(file);
    expect(resumed.db.prepare('SELECT quality FROM leads ORDER BY id').pluck().all()).toEqual(expected.map(({ quality }) => quality));
    resumed.close();
  });
});
