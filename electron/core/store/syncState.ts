import type { Archive } from './archive';

export interface SyncState {
  /** Service time from which later passes ask only for newer entities; null until a first full pass ends. */
  readonly watermark: string | null;
  /** The pass under way (null when none): when it started by the service's clock, its filter and position. */
  readonly passStartedAt: string | null;
  readonly passFilterFrom: string | null;
  readonly continuation: string | null;
  readonly lastSuccessAt: string | null;
}

const EMPTY: SyncState = { watermark: null, passStartedAt: null, passFilterFrom: null, continuation: null, lastSuccessAt: null };

export function loadSyncState(archive: Archive, destinationId: string): SyncState {
  const row = archive.db
    .prepare(
      `SELECT watermark, pass_started_at AS passStartedAt, pass_filter_from AS passFilterFrom, continuation,
         last_success_at AS lastSuccessAt FROM sync_state WHERE destination_id = ?`,
    )
    .get(destinationId) as SyncState | undefined;
  return row ?? EMPTY;
}

export function saveSyncState(archive: Archive, destinationId: string, state: SyncState, lastResult?: unknown): void {
  archive.db
    .prepare(
      `INSERT INTO sync_state (destination_id, watermark, pass_started_at, pass_filter_from, continuation, last_success_at, last_result_json)
       VALUES (@id, @watermark, @passStartedAt, @passFilterFrom, @continuation, @lastSuccessAt, @lastResult)
       ON CONFLICT (destination_id) DO UPDATE SET watermark = @watermark, pass_started_at = @passStartedAt,
         pass_filter_from = @passFilterFrom, continuation = @continuation, last_success_at = @lastSuccessAt,
         last_result_json = coalesce(@lastResult, last_result_json)`,
    )
    .run({ id: destinationId, ...state, lastResult: lastResult === undefined ? null : JSON.stringify(lastResult) });
}

export function blobEtags(archive: Archive, destinationId: string): Map<string, string> {
  const rows = archive.db.prepare('SELECT blob_name, etag FROM blob_state WHERE destination_id = ?').all(destinationId) as {
    blob_name: string;
    etag: string;
  }[];
  return new Map(rows.map((r) => [r.blob_name, r.etag]));
}

export function saveBlobEtag(archive: Archive, destinationId: string, blobName: string, etag: string, rowCount: number): void {
  archive.db
    .prepare(
      `INSERT INTO blob_state (destination_id, blob_name, etag, row_count, synced_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (destination_id, blob_name) DO UPDATE SET etag = excluded.etag, row_count = excluded.row_count,
         synced_at = excluded.synced_at`,
    )
    .run(destinationId, blobName, etag, rowCount, new Date().toISOString());
}

/** The summary saved by the last finished sync of a destination, if any. */
export function lastSyncResult(archive: Archive, destinationId: string): unknown {
  const row = archive.db.prepare('SELECT last_result_json FROM sync_state WHERE destination_id = ?').get(destinationId) as { last_result_json: string | null } | undefined;
  return row?.last_result_json ? (JSON.parse(row.last_result_json) as unknown) : null;
}
