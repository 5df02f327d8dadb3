import { expect } from 'vitest';
import { openArchive, type Archive } from '../../electron/core/store';
import { readTable } from '../../electron/dev/seed';

/** The archive holds exactly the table: same identities, each raw entity equal to the source's properties. */
export async function expectArchiveEqualsTable(archive: Archive, destinationId: string, connectionString: string, table: string): Promise<void> {
  const source = await readTable(connectionString, table);
  const rows = archive.db
    .prepare('SELECT partition_key, row_key, raw_json, etag FROM leads WHERE destination_id = ?')
    .all(destinationId) as { partition_key: string; row_key: string; raw_json: string; etag: string }[];
  expect(rows.length).toBe(source.size);
  for (const row of rows) {
    const entity = source.get(`${row.partition_key}|${row.row_key}`);
    expect(entity, `${row.partition_key}|${row.row_key} is in the table`).toBeDefined();
    const { partitionKey: _p, rowKey: _r, etag, timestamp: _t, ...properties } = entity!;
    const raw = JSON.parse(row.raw_json) as Record<string, unknown>;
    expect(row.etag).toBe(etag);
    for (const [key, value] of Object.entries(properties)) expect(raw[key]).toEqual(typeof value === 'bigint' ? value.toString() : value);
  }
}

/** Every index of the archive with its definition, by name: the same for a fresh archive and a loaded one. */
export function indexDefinitions(archive: Archive): { name: string; sql: string | null }[] {
  return archive.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all() as { name: string; sql: string | null }[];
}

/** The archive is whole: every index built, the full-text index holding every lead, no identity twice. */
export function expectArchiveComplete(archive: Archive): void {
  const fresh = openArchive(':memory:');
  try {
    expect(indexDefinitions(archive)).toEqual(indexDefinitions(fresh));
  } finally {
    fresh.close();
  }
  expect(archive.indexesDeferred).toBe(false);
  const count = (sql: string) => (archive.db.prepare(sql).get() as { n: number }).n;
  expect(count('SELECT count(*) AS n FROM leads_fts')).toBe(archive.countLeads());
  expect(count('SELECT count(*) AS n FROM (SELECT 1 FROM leads GROUP BY destination_id, partition_key, row_key HAVING count(*) > 1)')).toBe(0);
  expect(count('SELECT coalesce(sum(n), 0) AS n FROM lead_stats')).toBe(archive.countLeads());
}
