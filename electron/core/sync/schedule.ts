/**
 * When the app syncs a destination by itself. Pure functions of the saved setting, the last outcome and
 * the clock, so the scheduler only keeps a timer.
 */

/** The intervals the window offers, in minutes (0: only on request). */
export const SYNC_EVERY_CHOICES = [0, 5, 15, 60] as const;
export const DEFAULT_SYNC_EVERY_MINUTES = 15;

/** However often a destination fails, it is tried again at least this often. */
const LONGEST_BACKOFF_MINUTES = 6 * 60;
const MINUTE_MS = 60_000;

export interface ScheduleState {
  readonly everyMinutes: number;
  readonly lastAttemptAt: string | null;
  readonly failures: number;
}

/**
 * Minutes to wait after a sync: the interval after a success; after failures in a row, twice as long for
 * each (an expired key or a deleted table is not fixed by asking every five minutes), up to six hours, or
 * the interval itself when that is longer.
 */
export function waitMinutes(everyMinutes: number, failures: number): number {
  if (failures <= 0) return everyMinutes;
  return Math.min(everyMinutes * 2 ** Math.min(failures, 30), Math.max(everyMinutes, LONGEST_BACKOFF_MINUTES));
}

/**
 * When the destination is next due (ms since the epoch), or null when it syncs only on request. A
 * destination not tried since `openedAt` (when the app or `serve` started) is due at once: every
 * destination syncs when the app opens.
 */
export function nextSyncAt(state: ScheduleState, openedAt: number): number | null {
  if (!(state.everyMinutes > 0)) return null;
  const last = state.lastAttemptAt === null ? Number.NaN : Date.parse(state.lastAttemptAt);
  if (Number.isNaN(last) || last < openedAt) return openedAt;
  return last + waitMinutes(state.everyMinutes, state.failures) * MINUTE_MS;
}
