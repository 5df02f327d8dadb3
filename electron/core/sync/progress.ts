export interface SyncProgress {
  readonly destinationId: string;
  /** full: first copy of the table; resumed: a pass continued after an interruption; incremental: changes only; blobs: legacy CSV. */
  readonly mode: SyncMode;
  readonly pages: number;
  readonly entities: number;
  readonly inserted: number;
  readonly updated: number;
  readonly elapsedMs: number;
  /** Entities per second over the whole sync so far. */
  readonly rate: number;
  /** After a first load: the archive's sort and filter indexes being built, one at a time. */
  readonly indexing?: { readonly built: number; readonly of: number };
}

export type SyncMode = 'full' | 'resumed' | 'incremental' | 'blobs';

export interface SyncResult {
  readonly destinationId: string;
  readonly mode: SyncMode;
  readonly cancelled: boolean;
  readonly pages: number;
  readonly entities: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** New real leads (not Microsoft test leads), for the "new leads" notification. */
  readonly newRealLeads: number;
  /** Leads of this destination in the archive after the sync. */
  readonly total: number;
  readonly seconds: number;
  /** What could not be read and was passed over (a legacy CSV blob that is not valid CSV), one sentence each. */
  readonly problems: readonly string[];
}

export interface SyncOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly onRetry?: (attempt: number, error: unknown) => void;
  /** How far before the watermark an incremental pass looks, to catch late or clock-skewed writes. */
  readonly overlapMs?: number;
  readonly pageSize?: number;
}

export class SyncTally {
  pages = 0;
  entities = 0;
  inserted = 0;
  updated = 0;
  unchanged = 0;
  newRealLeads = 0;
  readonly problems: string[] = [];
  private readonly started = performance.now();

  constructor(
    readonly destinationId: string,
    readonly mode: SyncMode,
  ) {}

  progress(): SyncProgress {
    const elapsedMs = performance.now() - this.started;
    return {
      destinationId: this.destinationId,
      mode: this.mode,
      pages: this.pages,
      entities: this.entities,
      inserted: this.inserted,
      updated: this.updated,
      elapsedMs,
      rate: elapsedMs > 0 ? (this.entities / elapsedMs) * 1000 : 0,
    };
  }

  result(cancelled: boolean, total: number): SyncResult {
    const { pages, entities, inserted, updated, unchanged, newRealLeads } = this;
    return {
      destinationId: this.destinationId,
      mode: this.mode,
      cancelled,
      pages,
      entities,
      inserted,
      updated,
      unchanged,
      newRealLeads,
      total,
      seconds: (performance.now() - this.started) / 1000,
      problems: [...this.problems],
    };
  }
}
