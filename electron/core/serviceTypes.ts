/**
 * The service's vocabulary, as its doors see it: what it reports (events, destinations as the window lists
 * them), what it is asked (sync, export, triage requests) and how it fails.
 */
import type { DestinationRequest, Destination } from './azure/destination';
import type { Problem } from './azure/problems';
import type { HealthWarning } from './destinationHealth';
import type { CrmTarget, ExportFormat, HandOffInclude } from './export';
import type { LeadQueryInput } from './inbox';
import type { SecretsGuard } from './secrets';
import type { ImportedFileRecord } from './store/importedFiles';
import type { SyncProgress, SyncResult } from './sync';

export type { DestinationRequest };

/** Where "Try with sample data" puts its leads: never a real destination's id. */
export const SAMPLE_DESTINATION = 'sample:lead-inbox';

/** A saved destination as the UI lists it: never its secret. */
export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly kind: Destination['kind'];
  readonly access: Destination['access'];
  readonly resource: string;
  readonly accountName: string;
  readonly hasSecret: boolean;
  readonly lastSyncAt: string | null;
  readonly lastResult: SyncResult | null;
  readonly syncing: boolean;
  readonly schedule: ProfileSchedule;
  readonly healthSettings: HealthSettings;
  /** What needs attention (an expiring SAS, weeks without a lead, failing syncs), most urgent first. */
  readonly health: HealthWarning[];
}

/** What the publisher set for a destination's health warnings. */
export interface HealthSettings {
  /** Warn when no lead has arrived for this many days; 0: never. */
  readonly quietDays: number;
  /** When they last changed the offer, to tell whether delivery was checked since (optional). */
  readonly offerChangedAt: string | null;
}

/** How a destination syncs by itself, and how its recent syncs went. */
export interface ProfileSchedule {
  /** Minutes between background syncs; 0: only on request. */
  readonly everyMinutes: number;
  /** When it syncs next by itself (ISO 8601), null when background sync is not running here or is off. */
  readonly nextSyncAt: string | null;
  readonly lastAttemptAt: string | null;
  /** Failed syncs in a row; the schedule backs off while this is above 0. */
  readonly failures: number;
  /** What the last failed sync said, with what to do; null after a success. */
  readonly lastProblem: Problem | null;
}

/** Background sync as a door starts it: every saved destination on its own schedule, or one at a set interval. */
export interface BackgroundSyncRequest {
  /** Only this destination (`lead-inbox watch`). */
  readonly only?: string;
  /** Minutes between syncs instead of each destination's saved setting. */
  readonly everyMinutes?: number;
}

/** What the core tells its doors as it works; the doors forward these to the window. */
export type ServiceEvent =
  | { readonly type: 'sync:progress'; readonly progress: SyncProgress }
  | { readonly type: 'sync:finished'; readonly result: SyncResult }
  /** `background`: a sync the schedule started, whose failure the destination's row shows (no banner). */
  | { readonly type: 'sync:failed'; readonly destinationId: string; readonly problem: Problem; readonly background: boolean }
  | { readonly type: 'export:progress'; readonly exportId: string; readonly rows: number; readonly total: number }
  | { readonly type: 'backup:progress'; readonly copied: number; readonly total: number }
  | { readonly type: 'leads:changed'; readonly reason: 'sync' | 'triage' | 'elsewhere' }
  /** `newestId`: the newest of them, for a notification that opens it. */
  | { readonly type: 'leads:new'; readonly destinationId: string; readonly count: number; readonly newestId: number }
  /** Syncs and exports running now: the desktop app installs an update only when both are 0. */
  | { readonly type: 'work:changed'; readonly syncs: number; readonly exports: number };

/** The archive as the window shows it: where it lives, its size on disk (with its WAL) and its leads. */
export interface ArchiveInfo {
  readonly file: string;
  readonly bytes: number;
  readonly leads: number;
}

/** The "Imported files" destination as doors show it. */
export interface ImportedFiles {
  readonly destinationId: string;
  readonly files: ImportedFileRecord[];
  readonly leads: number;
}

export interface ServiceOptions {
  /**
   * Read the archive into the in-memory lead index in the background (default true): worth it for a
   * window that searches all day, wasted on a command that syncs or exports once and exits.
   */
  readonly leadIndex?: boolean;
  /** Close the archive with the service (set by openService, which opened it). */
  readonly ownsArchive?: boolean;
  /** Where credentials stand (a passphrase to type, a notice to read); by default always ready. */
  readonly secrets?: SecretsGuard;
  /**
   * Tell the doors when another process (a cron sync, a second window) wrote the archive, so the window
   * shows its leads (default: as leadIndex). Checked every second with SQLite's data_version, which
   * changes only on other connections' commits.
   */
  readonly followOtherWriters?: boolean;
}

/** What a door may add to a sync: a way to stop it, and who started it. */
export interface SyncCall {
  readonly signal?: AbortSignal;
  /** Started by the schedule, not by a person. */
  readonly background?: boolean;
}

export type TriageTarget = { readonly ids: readonly number[] } | { readonly query: LeadQueryInput };

export interface ExportRequest {
  readonly query: LeadQueryInput;
  readonly file: string;
  readonly format?: ExportFormat;
  readonly columns?: 'default' | 'all';
  readonly bom?: boolean;
  /** A CRM hand-off (CSV) instead of the inbox's own columns. */
  readonly handOff?: { readonly target: CrmTarget; readonly include?: HandOffInclude };
  /** Names the export for its progress events and for cancelling it. */
  readonly exportId: string;
}

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

