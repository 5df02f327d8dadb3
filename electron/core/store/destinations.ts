import type { Archive } from './archive';

/**
 * A saved destination as the archive keeps it: its identity and an opaque configuration (never its
 * secret). What the configuration means is the Azure layer's business (core/destinations.ts).
 */
export interface DestinationRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly config: Record<string, unknown>;
}

interface DestinationRow {
  id: string;
  name: string;
  kind: string;
  config_json: string;
}

const fromRow = (row: DestinationRow): DestinationRecord => ({ id: row.id, name: row.name, kind: row.kind, config: JSON.parse(row.config_json) as Record<string, unknown> });

export function saveDestinationRecord(archive: Archive, { id, name, kind, config }: DestinationRecord): void {
  const now = new Date().toISOString();
  archive.db
    .prepare(
      `INSERT INTO destinations (id, name, kind, config_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, config_json = excluded.config_json,
         updated_at = excluded.updated_at`,
    )
    .run(id, name, kind, JSON.stringify(config), now, now);
}

export function getDestinationRecord(archive: Archive, id: string): DestinationRecord | null {
  const row = archive.db.prepare('SELECT id, name, kind, config_json FROM destinations WHERE id = ?').get(id) as DestinationRow | undefined;
  return row ? fromRow(row) : null;
}

export function listDestinationRecords(archive: Archive): DestinationRecord[] {
  return (archive.db.prepare('SELECT id, name, kind, config_json FROM destinations ORDER BY name').all() as DestinationRow[]).map(fromRow);
}

/** Forgets a destination and its sync position; the leads already archived stay. */
export function removeDestination(archive: Archive, id: string): boolean {
  return archive.transaction(() => {
    archive.db.prepare('DELETE FROM sync_state WHERE destination_id = ?').run(id);
    archive.db.prepare('DELETE FROM blob_state WHERE destination_id = ?').run(id);
    return archive.db.prepare('DELETE FROM destinations WHERE id = ?').run(id).changes === 1;
  });
}

/** What the publisher set for a destination's health warnings, and when it was added. */
export interface DestinationSettings {
  readonly quietDays: number;
  readonly offerChangedAt: string | null;
  readonly addedAt: string;
}

export function loadDestinationSettings(archive: Archive, id: string): DestinationSettings | null {
  return (
    (archive.db
      .prepare('SELECT quiet_days AS quietDays, offer_changed_at AS offerChangedAt, created_at AS addedAt FROM destinations WHERE id = ?')
      .get(id) as DestinationSettings | undefined) ?? null
  );
}

/** Returns false when there is no such destination. */
export function saveDestinationSettings(archive: Archive, id: string, settings: Pick<DestinationSettings, 'quietDays' | 'offerChangedAt'>): boolean {
  if (!Number.isFinite(settings.quietDays) || settings.quietDays < 0) throw new RangeError(`Days without leads before a warning: 0 (off) or more, not ${settings.quietDays}.`);
  if (settings.offerChangedAt !== null && Number.isNaN(Date.parse(settings.offerChangedAt))) throw new RangeError(`"${settings.offerChangedAt}" is not a date.`);
  return (
    archive.db
      .prepare('UPDATE destinations SET quiet_days = ?, offer_changed_at = ? WHERE id = ?')
      .run(settings.quietDays, settings.offerChangedAt === null ? null : new Date(settings.offerChangedAt).toISOString(), id).changes === 1
  );
}
