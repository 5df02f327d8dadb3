import { nextSyncAt } from './sync/schedule';

/** A destination as the scheduler sees it. */
export interface ScheduledDestination {
  readonly id: string;
  readonly everyMinutes: number;
  readonly lastAttemptAt: string | null;
  readonly failures: number;
  /** Already syncing (the user pressed Sync): not started twice, planned again once it ends. */
  readonly syncing: boolean;
}

/** What the scheduler needs of the service. */
export interface BackgroundSyncHost {
  scheduledDestinations(): ScheduledDestination[];
  /** Records its own outcome (which the next plan reads); a failure is shown in the destination's row. */
  syncProfile(id: string): Promise<unknown>;
  /** False while saved credentials cannot be read yet (a passphrase not typed): nothing is tried. */
  canSync(): boolean;
}

// setTimeout's longest delay; a later due time is planned again when this one fires.
const LONGEST_TIMER_MS = 2 ** 31 - 1;
// After a pass, the next one waits at least this long, even if a sync somehow left no attempt recorded.
const PAUSE_AFTER_PASS_MS = 1000;

/**
 * Syncs destinations by themselves: each at once when started (the app opening), then on its schedule,
 * backing off while it fails. One sync at a time, so a scheduled pass never competes with itself for the
 * network or the archive; a destination the user is syncing is left to that sync.
 */
export class BackgroundSync {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private online = true;
  private readonly openedAt = Date.now();

  constructor(private readonly host: BackgroundSyncHost) {}

  start(): void {
    this.plan(0);
  }

  /** Plans again after anything that moves a due time: a sync ended, a setting changed, a destination was added. */
  replan(): void {
    if (!this.running) this.plan(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * The computer went offline (nothing is tried: every attempt would fail and back off) or came back, or
   * woke from sleep (timers do not run during sleep: what fell due meanwhile runs now).
   */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) this.replan();
    else clearTimeout(this.timer);
  }

  /** When the destination syncs next by itself (ms since the epoch), or null. */
  nextSyncAt(destination: ScheduledDestination): number | null {
    return nextSyncAt(destination, this.openedAt);
  }

  private plan(earliestMs: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || !this.online || !this.host.canSync()) return;
    const times = this.host
      .scheduledDestinations()
      .filter((destination) => !destination.syncing)
      .map((destination) => this.nextSyncAt(destination))
      .filter((time): time is number => time !== null);
    if (times.length === 0) return;
    const delay = Math.min(Math.max(earliestMs, Math.min(...times) - Date.now()), LONGEST_TIMER_MS);
    this.timer = setTimeout(() => void this.runDue(), delay);
  }

  private async runDue(): Promise<void> {
    this.running = true;
    try {
      const now = Date.now();
      const due = this.host
        .scheduledDestinations()
        .map((destination) => ({ destination, at: this.nextSyncAt(destination) }))
        .filter(({ destination, at }) => !destination.syncing && at !== null && at <= now)
        .sort((a, b) => a.at! - b.at!);
      for (const { destination } of due) {
        if (this.stopped || !this.online || !this.host.canSync()) break;
        try {
          await this.host.syncProfile(destination.id);
        } catch {
          // Recorded by the service with what went wrong, shown in the destination's row, and backed off.
        }
      }
    } finally {
      this.running = false;
      this.plan(PAUSE_AFTER_PASS_MS);
    }
  }
}
