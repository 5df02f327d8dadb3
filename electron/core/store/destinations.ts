import { destinationSchema, type Destination } from '../azure/destination';
import type { Archive } from './archive';

/** Saved destinations (never their secrets) in the archive. */
export function saveDestination(archive: Archive, destination: Destination): void {
  const now = new Date().toISOString();
  const { id, name, kind, ...config } = destinationSchema.parse(destination);
  archive.db
    .prepare(
      `INSERT INTO destinations (id, name, kind, config_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, config_json = excluded.config_json,
         updated_at = excluded.updated_at`,
    )
    .run(id, name, kind, JSON.stringify(config), now, now);
}

function fromRow(row: { id: string; name: string; kind: string; config_json: string }): Destination {
  return destinationSchema.parse({ ...JSON.parse(row.config_json), id: row.id, name: row.name, kind: row.kind });
}

export function getDestination(archive: Archive, id: string): Destination | null {
  const row = archive.db.prepare('SELECT id, name, kind, config_json FROM destinations WHERE id = ?').get(id) as
    | { id: string; name: string; kind: string; config_json: string }
    | undefined;
  return row ? fromRow(row) : null;
}

export function listDestinations(archive: Archive): Destination[] {
  const rows = archive.db.prepare('SELECT id, name, kind, config_json FROM destinations ORDER BY name').all() as {
    id: string;
    name: string;
    kind: string;
    config_json: string;
  }[];
  return rows.map(fromRow);
}

/** Forgets a destination, its secret and its sync position; the leads already archived stay. */
export function removeDestination(archive: Archive, id: string): boolean {
  return archive.transaction(() => {
    archive.db.prepare('DELETE FROM sync_state WHERE destination_id = ?').run(id);
    archive.db.prepare('DELETE FROM blob_state WHERE destination_id = ?').run(id);
    return archive.db.prepare('DELETE FROM destinations WHERE id = ?').run(id).changes === 1;
  });
}
