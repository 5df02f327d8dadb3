import type { Archive } from './archive';

/** A destination's background-sync setting and the outcome of its recent syncs, as the archive keeps them. */
export interface SyncScheduleRecord {
  /** Minutes between syncs the app starts by itself; 0 means only on request. */
  readonly everyMinutes: number;
  readonly lastAttemptAt: string | null;
  /** Failed syncs in a row since the last success. */
  readonly failures: number;
  /** What the last failed sync said (opaque here: the sync layer's problem), null after a success. */
  readonly lastProblem: unknown;
}

interface ScheduleRow {
  every: number;
  lastAttemptAt: string | null;
  failures: number | null;
  problem: string | null;
}

/** Null when the archive holds no such destination. */
export function loadSyncSchedule(archive: Archive, destinationId: string): SyncScheduleRecord | null {
  const row = archive.db
    .prepare(
      `SELECT d.sync_every_minutes AS every, s.last_attempt_at AS lastAttemptAt, s.failures, s.last_problem_json AS problem
       FROM destinations d LEFT JOIN sync_state s ON s.destination_id = d.id WHERE d.id = ?`,
    )
    .get(destinationId) as ScheduleRow | undefined;
  if (!row) return null;
  return {
    everyMinutes: row.every,
    lastAttemptAt: row.lastAttemptAt,
    failures: row.failures ?? 0,
    lastProblem: row.problem === null ? null : (JSON.parse(row.problem) as unknown),
  };
}

/** Returns false when there is no such destination. */
export function setSyncEvery(archive: Archive, destinationId: string, minutes: number): boolean {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`A sync interval is 0 (never) or a number of minutes, not ${minutes}.`);
  return archive.db.prepare('UPDATE destinations SET sync_every_minutes = ? WHERE id = ?').run(minutes, destinationId).changes === 1;
}

/** Records that a sync ended: a success clears the failure count, a failure adds one and keeps what it said. */
export function recordSyncAttempt(archive: Archive, destinationId: string, at: string, problem: unknown): void {
  const failed = problem !== null && problem !== undefined;
  archive.db
    .prepare(
      `INSERT INTO sync_state (destination_id, last_attempt_at, failures, last_problem_json) VALUES (@id, @at, @failures, @problem)
       ON CONFLICT (destination_id) DO UPDATE SET last_attempt_at = @at,
         failures = CASE WHEN @problem IS NULL THEN 0 ELSE failures + 1 END, last_problem_json = @problem`,
    )
    .run({ id: destinationId, at, failures: failed ? 1 : 0, problem: failed ? JSON.stringify(problem) : null });
}

/** Records that a sync was not started (another program was syncing the destination): the schedule waits, failures stay as they were. */
export function noteSyncDeferred(archive: Archive, destinationId: string, at: string): void {
  archive.db.prepare('UPDATE sync_state SET last_attempt_at = ? WHERE destination_id = ?').run(at, destinationId);
}
