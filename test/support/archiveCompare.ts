import { expect } from 'vitest';
import type { Archive } from '../../electron/core/store';
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
