/**
 * Sync orchestration: one sync per destination at a time, its claim on the destination against other
 * programs on the archive, the outcome recorded for the schedule, background sync, and the network's
 * comings and goings. The service owns one and hands it the archive and its events.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DestinationProblem, problem, type Problem } from './azure/problems';
import type { Destination } from './azure/destination';
import { BackgroundSync, type ScheduledDestination } from './backgroundSync';
import { getDestination, listDestinations } from './destinations';
import {
  loadSyncSchedule, noteSyncDeferred, recordSyncAttempt, releaseSyncLease, renewSyncLease, takeSyncLease, WRITE_FAILED_FIX, writeFailure, type Archive,
} from './store';
import { loadSyncState } from './store/syncState';
import { syncDestination, type SyncResult } from './sync';
import { ServiceError, type BackgroundSyncRequest, type ProfileSchedule, type ServiceEvent, type SyncCall } from './serviceTypes';

/** A sync's claim on its destination runs out this long after its last renewal (a killed program's, too). */
const LEASE_MS = 2 * 60_000;
/** Problems that mean Azure could not be reached at all (as opposed to answering no). */
const NETWORK_PROBLEMS = new Set(['offline', 'timeout', 'account-not-found']);
/** After waking from sleep, how long a network failure counts as the connection still coming back. */
const WAKE_GRACE_MS = 60_000;
const RENEW_LEASE_EVERY_MS = 30_000;

/**
 * Whether a sync claim's program has ended: known only on this computer (a killed cron sync, whose claim
 * should not hold the next run back for minutes); a claim from another computer runs out by itself.
 */
function programGone(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A failed sync as the problem its row and event show, with what to do. */
function failureOf(error: unknown): Problem {
  const refused = writeFailure(error);
  if (refused) return problem('archive-write-failed', refused.message, WRITE_FAILED_FIX);
  if (error instanceof DestinationProblem) return error.problem;
  if (error instanceof ServiceError && error.problem) return error.problem;
  return problem('unknown', (error as Error).message, 'Try again; if it persists, test the connection.');
}

/** What the runner needs of the service around it. */
export interface SyncRunnerHost {
  readonly archive: Archive;
  emit(event: ServiceEvent): void;
  /** The destination with the secret it is read with; throws, saying what to do, when there is none. */
  secretFor(id: string): { destination: Destination; secret: string };
  /** False while saved credentials cannot be read yet (a passphrase not typed): the schedule tries nothing. */
  canSync(): boolean;
  /** A sync started or ended: the service tells the doors what runs now. */
  workChanged(): void;
}

export class SyncRunner {
  private readonly syncs = new Map<string, AbortController>();
  private online = true;
  private wokeAt = 0;
  private background?: { scheduler: BackgroundSync; request: BackgroundSyncRequest };
  /** Names this program in a sync's claim on its destination, so another program on the archive waits. */
  private readonly leaseHolder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(private readonly host: SyncRunnerHost) {}

  /** Syncs running now. */
  get running(): number {
    return this.syncs.size;
  }

  isSyncing(id: string): boolean {
    return this.syncs.has(id);
  }

  /** Cancels the destination's sync; false when none runs. */
  cancel(id: string): boolean {
    const sync = this.syncs.get(id);
    sync?.abort();
    return sync !== undefined;
  }

  /** Plans background sync again after anything that moves a due time. */
  replan(): void {
    this.background?.scheduler.replan();
  }

  /** Stops the schedule and cancels every running sync (each releases its claim as it ends). */
  stop(): void {
    this.background?.scheduler.stop();
    for (const sync of this.syncs.values()) sync.abort();
  }

  /** How the destination syncs by itself, and how its recent syncs went. */
  scheduleOf(id: string): ProfileSchedule {
    const saved = loadSyncSchedule(this.host.archive, id);
    const scheduled = this.scheduled(id, saved);
    const next = scheduled && this.background ? this.background.scheduler.nextSyncAt(scheduled) : null;
    return {
      everyMinutes: saved?.everyMinutes ?? 0,
      nextSyncAt: next === null ? null : new Date(next).toISOString(),
      lastAttemptAt: saved?.lastAttemptAt ?? null,
      failures: saved?.failures ?? 0,
      lastProblem: (saved?.lastProblem as Problem | null | undefined) ?? null,
    };
  }

  /** The destination as background sync sees it (its interval, or the one the door set), null when it takes no part. */
  private scheduled(id: string, saved = loadSyncSchedule(this.host.archive, id)): ScheduledDestination | null {
    const request = this.background?.request;
    if (!saved || (request?.only !== undefined && request.only !== id)) return null;
    return { id, everyMinutes: request?.everyMinutes ?? saved.everyMinutes, lastAttemptAt: saved.lastAttemptAt, failures: saved.failures, syncing: this.syncs.has(id) };
  }

  /**
   * Starts syncing by itself (the desktop app, `serve`, `watch`): each destination at once, then on its
   * schedule, backing off while it fails. Stops when the service closes.
   */
  startBackground(request: BackgroundSyncRequest = {}): void {
    if (this.background) throw new ServiceError('Background sync is already running.');
    if (request.everyMinutes !== undefined && !(request.everyMinutes > 0)) throw new RangeError('Background sync needs an interval above 0 minutes.');
    const scheduler = new BackgroundSync({
      scheduledDestinations: () => listDestinations(this.host.archive).flatMap((destination) => this.scheduled(destination.id) ?? []),
      syncProfile: (id) => this.syncProfile(id, { background: true }),
      canSync: () => this.host.canSync(),
    });
    this.background = { scheduler, request };
    scheduler.start();
  }

  /**
   * The door's word on the network (the desktop app's: Electron's online state and the system waking from
   * sleep). While offline, and for a short while after waking, a sync that cannot reach Azure is "waiting
   * for the network": not a failure, not backed off, run again once the network is back.
   */
  networkChanged({ online, resumed = false }: { online: boolean; resumed?: boolean }): void {
    this.online = online;
    if (resumed) this.wokeAt = Date.now();
    this.background?.scheduler.setOnline(online);
  }

  private waitingForNetwork(failure: Problem): Problem | null {
    if (!NETWORK_PROBLEMS.has(failure.code)) return null;
    if (this.online && Date.now() - this.wokeAt > WAKE_GRACE_MS) return null;
    return problem(
      'waiting-for-network',
      this.online ? 'Waiting for the network: this computer has just woken up and its connection is not back yet.' : 'Waiting for the network: this computer is offline.',
      'Nothing to do: Lead Inbox syncs as soon as the network is back.',
      { detail: failure.code },
    );
  }

  /**
   * Syncs one destination; one sync per destination at a time. Problems end as a `sync:failed` event too.
   * Every outcome but a cancel is recorded: background sync plans and backs off by it, the row shows it.
   */
  async syncProfile(id: string, call: SyncCall = {}): Promise<SyncResult> {
    if (this.syncs.has(id)) throw new ServiceError('This destination is already syncing.');
    if (!this.online) {
      // Every attempt would fail: say so at once, and let the network's return start it.
      const waiting = this.waitingForNetwork(problem('offline', 'This computer is offline.', 'Connect it to the network.'))!;
      this.host.emit({ type: 'sync:failed', destinationId: id, problem: waiting, background: call.background ?? false });
      throw new ServiceError(waiting.message, waiting);
    }
    const elsewhere = takeSyncLease(this.host.archive, id, this.leaseHolder, LEASE_MS, programGone);
    if (elsewhere) {
      // Not a failure: the other program's sync brings the same leads. The schedule tries again later.
      noteSyncDeferred(this.host.archive, id, new Date().toISOString());
      this.background?.scheduler.replan();
      const name = getDestination(this.host.archive, id)?.name ?? id;
      const busy = problem(
        'syncing-elsewhere',
        `Another Lead Inbox program (${elsewhere.holder.split(':').slice(0, 2).join(', process ')}) is syncing "${name}" into this archive right now.`,
        'Nothing is lost: its new leads arrive here too. Sync again once it has finished.',
      );
      throw new ServiceError(busy.message, busy);
    }
    const abort = new AbortController();
    this.syncs.set(id, abort);
    this.host.workChanged();
    const renew = setInterval(() => {
      try {
        renewSyncLease(this.host.archive, id, this.leaseHolder, LEASE_MS);
      } catch {
        // A refused write (a full disk) stops the sync itself, which says so.
      }
    }, RENEW_LEASE_EVERY_MS);
    renew.unref();
    try {
      const result = await this.runSync(id, abort, call);
      if (!result.cancelled) this.recordAttempt(id, null);
      return result;
    } catch (error) {
      const failure = failureOf(error);
      if (failure.code !== 'waiting-for-network') this.recordAttempt(id, failure);
      throw error;
    } finally {
      clearInterval(renew);
      try {
        releaseSyncLease(this.host.archive, id, this.leaseHolder);
      } catch {
        // Left to run out by itself.
      }
      this.syncs.delete(id);
      this.host.workChanged();
      this.background?.scheduler.replan();
    }
  }


  private recordAttempt(id: string, failure: Problem | null): void {
    try {
      recordSyncAttempt(this.host.archive, id, new Date().toISOString(), failure);
    } catch {
      // A disk that refused the sync may refuse this too; the sync's own error already says so.
    }
  }

  private async runSync(id: string, abort: AbortController, call: SyncCall): Promise<SyncResult> {
    const { destination, secret } = this.host.secretFor(id);
    // A destination's first copy is its history, not arrivals: it raises no "new leads" notification.
    const copiedBefore = loadSyncState(this.host.archive, id).lastSuccessAt !== null;
    try {
      const result = await syncDestination(this.host.archive, destination, secret, {
        signal: call.signal ? AbortSignal.any([abort.signal, call.signal]) : abort.signal,
        onProgress: (progress) => this.host.emit({ type: 'sync:progress', progress }),
      });
      this.host.emit({ type: 'sync:finished', result });
      if (result.inserted > 0 || result.updated > 0) this.host.emit({ type: 'leads:changed', reason: 'sync' });
      if (result.newRealLeads > 0 && copiedBefore) {
        const newestId = this.host.archive.db.prepare('SELECT max(id) FROM leads WHERE destination_id = ? AND is_test = 0').pluck().get(id) as number;
        this.host.emit({ type: 'leads:new', destinationId: id, count: result.newRealLeads, newestId });
      }
      return result;
    } catch (error) {
      const failure = this.waitingForNetwork(failureOf(error)) ?? failureOf(error);
      this.host.emit({ type: 'sync:failed', destinationId: id, problem: failure, background: call.background ?? false });
      throw writeFailure(error) ?? new ServiceError(failure.message, failure);
    }
  }
}
