import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { BackgroundSync, type ScheduledDestination } from './backgroundSync';
import { testConnection, type Diagnosis } from './azure/diagnose';
import type { Destination, DestinationRequest } from './azure/destination';
import { DEFAULT_QUIET_DAYS, destinationHealth } from './destinationHealth';
import { DestinationProblem, problem, type Problem } from './azure/problems';
import { IMPORTED_DESTINATION, importLeadFiles, leadFilesAt, type ImportResult, type LeadFile } from './imports';
import { exportLeads, type ExportFormat, type ExportResult } from './export';
import {
  attachLeadIndex, deleteView, facetCounts, lastLeadId, leadDetail, listViews, newestLeadTimes, queryLeads, realLeadsAddedAfter, reorderViews, saveView,
  setTriage, setTriageByQuery, weeklyCounts, type ArrivedLead, type Facets, type LeadDetail, type LeadPage, type LeadQueryInput, type LeadWindow, type TriagePatch, type View,
  type WeeklyCounts,
} from './inbox';
import { leadFromEntity, toSourceEntity } from './leads';
import { generateSampleEntities } from './sample';
import { SecretStore, type SecretCipher, type SecretsGuard, type SecretsStatus } from './secrets';
import { getDestination, listDestinations, removeDestination, saveDestination } from './destinations';
import {
  loadDestinationSettings, loadSyncSchedule, noteSyncDeferred, openArchive, recordSyncAttempt, releaseSyncLease, renewSyncLease, saveDestinationSettings, setSyncEvery,
  startVisit, takeSyncLease, WRITE_FAILED_FIX, writeFailure, type Archive, type ArchiveOptions,
} from './store';
import { backupArchive, type BackupResult } from './store/backup';
import { checkArchiveFile, type ArchiveCheck } from './store/check';
import { lastSyncResult, loadSyncState } from './store/syncState';
import { listImportedFiles, type ImportedFileRecord } from './store/importedFiles';
import { syncDestination, type SyncProgress, type SyncResult } from './sync';
import { buildDestination, sasExpiry } from './destinationRequests';
import {
  SAMPLE_DESTINATION, ServiceError, type ArchiveInfo, type BackgroundSyncRequest, type ExportRequest, type HealthSettings, type ImportedFiles, type Profile, type ProfileSchedule,
  type ServiceEvent, type ServiceOptions, type SyncCall, type TriageTarget,
} from './serviceTypes';

export * from './serviceTypes';
export { checkDestinationRequest, diagnoseRequest, exportFormatFor, requestHealth } from './destinationRequests';
export type { HealthWarning } from './destinationHealth';
export type { ArrivedLead, ArchiveCheck, BackupResult, DestinationRequest, Diagnosis, ExportFormat, ExportResult, ImportedFileRecord, ImportResult, SecretsStatus, SyncProgress, SyncResult };
/** The failures a door may meet opening an archive or writing an export, each with a message for the user. */
export { ArchiveError, storageFailure } from './store';
export { checkArchiveFile } from './store/check';
/** How this process reaches Azure (proxy, trusted certificate authorities): each door sets it once at start. */
export { configureNetwork, networkFromEnvironment, type NetworkSettings } from './azure/network';
export { CRM_PRESETS, CRM_TARGETS, ExportTargetError, handOffSummary, isCrmTarget } from './export';
export { IMPORTED_DESTINATION } from './imports';

const FOLLOW_EVERY_MS = 1000;
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

/**
 * Everything Lead Inbox does, as one object: the Electron IPC, the browser-mode server, the CLI and the
 * tests all call this, so every door behaves the same.
 */
export class LeadInboxService {
  private readonly syncs = new Map<string, AbortController>();
  private readonly exports = new Map<string, AbortController>();
  private backups = 0;
  private online = true;
  private wokeAt = 0;
  /** Credentials given for this session only (a CLI run without a key file): never written anywhere. */
  private readonly sessionSecrets = new Map<string, string>();
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private readonly follower?: NodeJS.Timeout;
  private background?: { scheduler: BackgroundSync; request: BackgroundSyncRequest };
  /** Names this program in a sync's claim on its destination, so another program on the archive waits. */
  private readonly leaseHolder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    readonly archive: Archive,
    private readonly secrets: SecretStore,
    emit?: (event: ServiceEvent) => void,
    private readonly options: ServiceOptions = {},
  ) {
    if (emit) this.listeners.add(emit);
    // Searches and facets over a big archive answer from memory once this has read it, in the background.
    if (options.leadIndex ?? true) attachLeadIndex(archive);
    if (options.followOtherWriters ?? options.leadIndex ?? true) {
      let seen = archive.db.pragma('data_version', { simple: true });
      this.follower = setInterval(() => {
        if (!archive.db.open) return;
        const now = archive.db.pragma('data_version', { simple: true });
        if (now === seen) return;
        seen = now;
        this.emit({ type: 'leads:changed', reason: 'elsewhere' });
      }, FOLLOW_EVERY_MS);
      this.follower.unref();
    }
  }

  /** Listens to what the service tells its doors; returns the function that stops listening. */
  subscribe(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ServiceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Whether credentials can be saved now; the window asks before the user fills the add form. */
  secretsStatus(): SecretsStatus {
    return this.options.secrets?.status() ?? { state: 'ready' };
  }

  /** Unlocks (or, the first time, sets) the passphrase that protects credentials where no keychain does. */
  unlockSecrets(passphrase: string): SecretsStatus {
    const guard = this.options.secrets;
    if (!guard?.unlock) throw new ServiceError('Credentials here are protected by the system keychain; there is no passphrase to type.');
    try {
      guard.unlock(passphrase);
    } catch (error) {
      throw new ServiceError((error as Error).message);
    }
    this.background?.scheduler.replan();
    return guard.status();
  }

  listProfiles(): Profile[] {
    return listDestinations(this.archive).map((destination) => this.profileOf(destination));
  }

  private profileOf(destination: Destination): Profile {
    const state = loadSyncState(this.archive, destination.id);
    let saved: string | null = null;
    try {
      saved = this.secrets.load(destination.id);
    } catch {
      // A secret saved by another cipher (another machine or key) cannot be used: the user re-enters it.
    }
    const hasSecret = saved !== null;
    const secret = this.sessionSecrets.get(destination.id) ?? saved;
    const schedule = this.scheduleOf(destination.id);
    const settings = loadDestinationSettings(this.archive, destination.id);
    const healthSettings = { quietDays: settings?.quietDays ?? DEFAULT_QUIET_DAYS, offerChangedAt: settings?.offerChangedAt ?? null };
    const newest = newestLeadTimes(this.archive, destination.id);
    const health = destinationHealth({
      sasExpiresOn: secret === null ? null : sasExpiry(destination, secret),
      newestLeadAt: newest.any,
      newestTestLeadAt: newest.test,
      addedAt: settings?.addedAt ?? null,
      ...healthSettings,
      failures: schedule.failures,
      lastProblem: schedule.lastProblem,
    });
    return {
      id: destination.id,
      name: destination.name,
      kind: destination.kind,
      access: destination.access,
      resource: destination.kind === 'table' ? destination.tableName : `${destination.container}${destination.prefix ? `/${destination.prefix}` : ''}`,
      accountName: destination.accountName || destination.id.split(':')[1]?.split('/')[0] || '',
      hasSecret,
      lastSyncAt: state.lastSuccessAt,
      lastResult: lastSyncResult(this.archive, destination.id) as SyncResult | null,
      syncing: this.syncs.has(destination.id),
      schedule,
      healthSettings,
      health,
    };
  }

  /** Sets when a destination's health warns: days without a lead (0: never), and when the offer last changed. */
  setHealthSettings(id: string, settings: HealthSettings): Profile {
    if (!saveDestinationSettings(this.archive, id, settings)) throw new ServiceError(`There is no destination "${id}".`);
    return this.profileOf(getDestination(this.archive, id)!);
  }

  private scheduleOf(id: string): ProfileSchedule {
    const saved = loadSyncSchedule(this.archive, id);
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
  private scheduled(id: string, saved = loadSyncSchedule(this.archive, id)): ScheduledDestination | null {
    const request = this.background?.request;
    if (!saved || (request?.only !== undefined && request.only !== id)) return null;
    return { id, everyMinutes: request?.everyMinutes ?? saved.everyMinutes, lastAttemptAt: saved.lastAttemptAt, failures: saved.failures, syncing: this.syncs.has(id) };
  }

  /**
   * Starts syncing by itself (the desktop app, `serve`, `watch`): each destination at once, then on its
   * schedule, backing off while it fails. Stops when the service closes.
   */
  startBackgroundSync(request: BackgroundSyncRequest = {}): void {
    if (this.background) throw new ServiceError('Background sync is already running.');
    if (request.everyMinutes !== undefined && !(request.everyMinutes > 0)) throw new RangeError('Background sync needs an interval above 0 minutes.');
    const scheduler = new BackgroundSync({
      scheduledDestinations: () => listDestinations(this.archive).flatMap((destination) => this.scheduled(destination.id) ?? []),
      syncProfile: (id) => this.syncProfile(id, { background: true }),
      canSync: () => this.secretsStatus().state === 'ready',
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

  /** Sets how often a destination syncs by itself (0: only on request). */
  setSyncSchedule(id: string, everyMinutes: number): Profile {
    if (!setSyncEvery(this.archive, id, everyMinutes)) throw new ServiceError(`There is no destination "${id}".`);
    this.background?.scheduler.replan();
    return this.profileOf(getDestination(this.archive, id)!);
  }

  /**
   * Checks a new destination and saves it (with its secret, encrypted) only when it can be read, so a
   * typo never becomes a saved profile. The diagnosis says what to fix otherwise.
   */
  async addProfile(request: DestinationRequest): Promise<{ profile: Profile | null; diagnosis: Diagnosis }> {
    const built = buildDestination(request);
    if ('problem' in built) return { profile: null, diagnosis: { ok: false, problem: built.problem } };
    const diagnosis = await testConnection(built.destination, built.secret);
    if (!diagnosis.ok) return { profile: null, diagnosis };
    return { profile: this.remember(built.destination, built.secret, true), diagnosis };
  }

  /**
   * Saves a destination given in full (a script or the command line) without checking it first, so a
   * sync can say exactly what is wrong. Its secret is saved encrypted only with `keepSecret`; otherwise
   * it serves this session and is forgotten.
   */
  useDestination(request: DestinationRequest, { keepSecret }: { keepSecret: boolean }): Profile {
    const built = buildDestination(request);
    if ('problem' in built) throw new ServiceError(built.problem.message, built.problem);
    return this.remember(built.destination, built.secret, keepSecret);
  }

  private remember(destination: Destination, secret: string, keepSecret: boolean): Profile {
    try {
      this.archive.transaction(() => {
        saveDestination(this.archive, destination);
        if (keepSecret) this.secrets.save(destination.id, secret);
      });
    } catch (error) {
      // Typically: no safe place to keep the secret on this system; the message says what to do.
      throw new ServiceError((error as Error).message);
    }
    if (!keepSecret) this.sessionSecrets.set(destination.id, secret);
    this.background?.scheduler.replan();
    return this.profileOf(destination);
  }

  private secretFor(id: string): { destination: Destination; secret: string } {
    const destination = getDestination(this.archive, id);
    if (!destination) throw new ServiceError(`There is no destination "${id}".`);
    let secret: string | null = this.sessionSecrets.get(id) ?? null;
    try {
      secret ??= this.secrets.load(id);
    } catch (error) {
      throw new ServiceError((error as Error).message);
    }
    if (secret === null) {
      throw new ServiceError(
        `No credential is saved for "${destination.name}".`,
        problem('malformed-connection-string', `No credential is saved for "${destination.name}".`, 'Add the destination again with its connection string or SAS URL.'),
      );
    }
    return { destination, secret };
  }

  /**
   * "Try with sample data": realistic generated leads under their own destination id, so the inbox can
   * be explored before connecting Azure, and removed in one step afterwards.
   */
  addSampleLeads(count: number): number {
    const leads = [...generateSampleEntities({ count, seed: 2026 })].map((entity) => leadFromEntity(toSourceEntity(entity), SAMPLE_DESTINATION));
    const inserted = this.archive.upsertLeads(leads).inserted;
    if (inserted > 0) this.emit({ type: 'leads:changed', reason: 'sync' });
    return inserted;
  }

  removeSampleLeads(): number {
    const removed = this.archive.removeLeadsOf(SAMPLE_DESTINATION);
    if (removed > 0) this.emit({ type: 'leads:changed', reason: 'sync' });
    return removed;
  }

  /** Imports lead files from disk (the CLI's door): files as named, and the lead files inside folders. */
  importFiles(paths: readonly string[]): ImportResult {
    const { files, unreadable } = leadFilesAt(paths);
    const result = this.importLeadFiles(files);
    return { ...result, files: [...unreadable, ...result.files] };
  }

  /** Imports lead files the window read from the user's disk (a file picker, or an upload in browser mode). */
  importUploads(uploads: readonly { readonly name: string; readonly text: string; readonly modifiedAt?: string }[]): ImportResult {
    const now = new Date().toISOString();
    return this.importLeadFiles(uploads.map((upload) => ({ name: upload.name, bytes: Buffer.from(upload.text, 'utf8'), modifiedAt: upload.modifiedAt ?? now })));
  }

  private importLeadFiles(files: readonly LeadFile[]): ImportResult {
    const result = importLeadFiles(this.archive, files);
    if (result.inserted > 0 || result.updated > 0) this.emit({ type: 'leads:changed', reason: 'sync' });
    return result;
  }

  /** The "Imported files" destination: every file imported so far, and the leads they hold. */
  importedFiles(): ImportedFiles {
    const leads = this.archive.countLeadsOf(IMPORTED_DESTINATION);
    return { destinationId: IMPORTED_DESTINATION, files: listImportedFiles(this.archive), leads };
  }

  hasSampleLeads(): boolean {
    return this.archive.db.prepare('SELECT 1 FROM leads WHERE destination_id = ? LIMIT 1').get(SAMPLE_DESTINATION) !== undefined;
  }

  testProfile(id: string): Promise<Diagnosis> {
    const { destination, secret } = this.secretFor(id);
    return testConnection(destination, secret);
  }

  /** Forgets the destination and its secret; its archived leads and their triage stay. */
  removeProfile(id: string): boolean {
    this.syncs.get(id)?.abort();
    this.secrets.remove(id);
    return removeDestination(this.archive, id);
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
      this.emit({ type: 'sync:failed', destinationId: id, problem: waiting, background: call.background ?? false });
      throw new ServiceError(waiting.message, waiting);
    }
    const elsewhere = takeSyncLease(this.archive, id, this.leaseHolder, LEASE_MS, programGone);
    if (elsewhere) {
      // Not a failure: the other program's sync brings the same leads. The schedule tries again later.
      noteSyncDeferred(this.archive, id, new Date().toISOString());
      this.background?.scheduler.replan();
      const name = getDestination(this.archive, id)?.name ?? id;
      const busy = problem(
        'syncing-elsewhere',
        `Another Lead Inbox program (${elsewhere.holder.split(':').slice(0, 2).join(', process ')}) is syncing "${name}" into this archive right now.`,
        'Nothing is lost: its new leads arrive here too. Sync again once it has finished.',
      );
      throw new ServiceError(busy.message, busy);
    }
    const abort = new AbortController();
    this.syncs.set(id, abort);
    this.workChanged();
    const renew = setInterval(() => {
      try {
        renewSyncLease(this.archive, id, this.leaseHolder, LEASE_MS);
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
        releaseSyncLease(this.archive, id, this.leaseHolder);
      } catch {
        // Left to run out by itself.
      }
      this.syncs.delete(id);
      this.workChanged();
      this.background?.scheduler.replan();
    }
  }

  private workChanged(): void {
    this.emit({ type: 'work:changed', syncs: this.syncs.size, exports: this.exports.size });
  }

  private recordAttempt(id: string, failure: Problem | null): void {
    try {
      recordSyncAttempt(this.archive, id, new Date().toISOString(), failure);
    } catch {
      // A disk that refused the sync may refuse this too; the sync's own error already says so.
    }
  }

  private async runSync(id: string, abort: AbortController, call: SyncCall): Promise<SyncResult> {
    const { destination, secret } = this.secretFor(id);
    // A destination's first copy is its history, not arrivals: it raises no "new leads" notification.
    const copiedBefore = loadSyncState(this.archive, id).lastSuccessAt !== null;
    try {
      const result = await syncDestination(this.archive, destination, secret, {
        signal: call.signal ? AbortSignal.any([abort.signal, call.signal]) : abort.signal,
        onProgress: (progress) => this.emit({ type: 'sync:progress', progress }),
      });
      this.emit({ type: 'sync:finished', result });
      if (result.inserted > 0 || result.updated > 0) this.emit({ type: 'leads:changed', reason: 'sync' });
      if (result.newRealLeads > 0 && copiedBefore) {
        const newestId = this.archive.db.prepare('SELECT max(id) FROM leads WHERE destination_id = ? AND is_test = 0').pluck().get(id) as number;
        this.emit({ type: 'leads:new', destinationId: id, count: result.newRealLeads, newestId });
      }
      return result;
    } catch (error) {
      const failure = this.waitingForNetwork(failureOf(error)) ?? failureOf(error);
      this.emit({ type: 'sync:failed', destinationId: id, problem: failure, background: call.background ?? false });
      throw writeFailure(error) ?? new ServiceError(failure.message, failure);
    }
  }

  /**
   * The window opening: the lead id the user's last visit ended at (leads above it are new since), while
   * this visit's end is remembered for the next one.
   */
  startVisit(): { readonly arrivedAfterId: number } {
    return { arrivedAfterId: startVisit(this.archive) };
  }

  /** Where the archive's leads end now: `realLeadsAddedAfter` with it lists what a sync then adds. */
  lastLeadId(): number {
    return lastLeadId(this.archive);
  }

  /** Real leads of a destination added after `afterId` (what `watch` prints after each sync). */
  realLeadsAddedAfter(destinationId: string, afterId: number): ArrivedLead[] {
    return realLeadsAddedAfter(this.archive, destinationId, afterId);
  }

  cancelSync(id: string): boolean {
    const sync = this.syncs.get(id);
    sync?.abort();
    return sync !== undefined;
  }

  queryLeads(query: LeadQueryInput, window: LeadWindow = {}): LeadPage {
    return queryLeads(this.archive, query, window);
  }

  facets(query: LeadQueryInput): Facets {
    return facetCounts(this.archive, query);
  }

  leadDetail(id: number): LeadDetail | null {
    return leadDetail(this.archive, id);
  }

  weeklyCounts(query: LeadQueryInput, by: 'action' | 'offer'): WeeklyCounts {
    return weeklyCounts(this.archive, query, by);
  }

  setTriage(target: TriageTarget, patch: TriagePatch): number {
    const changed = 'ids' in target ? setTriage(this.archive, target.ids, patch) : setTriageByQuery(this.archive, target.query, patch);
    if (changed > 0) this.emit({ type: 'leads:changed', reason: 'triage' });
    return changed;
  }

  listViews(): View[] {
    return listViews(this.archive);
  }

  saveView(definition: unknown, id?: string): View {
    return saveView(this.archive, definition, id);
  }

  deleteView(id: string): boolean {
    return deleteView(this.archive, id);
  }

  reorderViews(ids: readonly string[]): View[] {
    reorderViews(this.archive, ids);
    return listViews(this.archive);
  }

  async exportLeads(request: ExportRequest): Promise<ExportResult> {
    if (this.exports.has(request.exportId)) throw new ServiceError('An export with this id is already running.');
    const abort = new AbortController();
    this.exports.set(request.exportId, abort);
    this.workChanged();
    try {
      return await exportLeads(this.archive, request.query, {
        file: request.file,
        format: request.format,
        columns: request.columns,
        bom: request.bom,
        handOff: request.handOff,
        signal: abort.signal,
        onProgress: ({ rows, total }) => this.emit({ type: 'export:progress', exportId: request.exportId, rows, total }),
      });
    } finally {
      this.exports.delete(request.exportId);
      this.workChanged();
    }
  }

  cancelExport(exportId: string): boolean {
    const running = this.exports.get(exportId);
    running?.abort();
    return running !== undefined;
  }

  /**
   * Copies the archive to `file` while it stays in use (see store/backup.ts); saved secrets stay out
   * unless includeSecrets. Progress goes out as backup:progress events.
   */
  async backupArchive(request: { file: string; includeSecrets?: boolean }): Promise<BackupResult> {
    this.backups += 1;
    try {
      return await this.runBackup(request);
    } finally {
      this.backups -= 1;
    }
  }

  private runBackup(request: { file: string; includeSecrets?: boolean }): Promise<BackupResult> {
    return backupArchive(this.archive, request.file, {
      includeSecrets: request.includeSecrets,
      nativeBinding: this.archive.options.nativeBinding,
      onProgress: (copied, total) => this.emit({ type: 'backup:progress', copied, total }),
    });
  }

  /** Checks the archive file this service has open (read-only, on a connection of its own). */
  checkArchive(): ArchiveCheck {
    return checkArchiveFile(this.archive.file, { nativeBinding: this.archive.options.nativeBinding });
  }

  /** Where the archive lives and how big it is, for the window to show. */
  archiveInfo(): ArchiveInfo {
    const file = this.archive.file;
    const bytes = file === ':memory:' ? 0 : [file, `${file}-wal`].reduce((sum, part) => sum + (existsSync(part) ? statSync(part).size : 0), 0);
    return { file, bytes, leads: this.archive.countLeads() };
  }

  close(): void {
    this.stopWork();
    if (this.options.ownsArchive) this.archive.close();
  }

  /**
   * Ends the service for a quit: stops the schedule, cancels running syncs and exports, and waits (up to
   * `limitMs`) until each has cleaned up after itself (its sync claim released, its partial file removed)
   * and a running backup has ended, then closes the archive. False when something was still running at the
   * limit (a claim then runs out by itself within two minutes).
   */
  async shutdown(limitMs: number): Promise<boolean> {
    this.stopWork();
    const deadline = Date.now() + limitMs;
    const running = () => this.syncs.size + this.exports.size + this.backups > 0;
    while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const settled = !running();
    if (this.options.ownsArchive) this.archive.close();
    return settled;
  }

  private stopWork(): void {
    this.background?.scheduler.stop();
    clearInterval(this.follower);
    for (const sync of this.syncs.values()) sync.abort();
    for (const running of this.exports.values()) running.abort();
  }
}

export interface OpenServiceOptions extends ArchiveOptions {
  readonly cipher: SecretCipher;
  readonly emit?: (event: ServiceEvent) => void;
  readonly leadIndex?: boolean;
  readonly secrets?: SecretsGuard;
}

/** The service over an archive file it opens itself, as every door starts it; its close() closes the file. */
export function openService(archiveFile: string, { cipher, emit, leadIndex, secrets, ...archiveOptions }: OpenServiceOptions): LeadInboxService {
  const archive = openArchive(archiveFile, archiveOptions);
  return new LeadInboxService(archive, new SecretStore(archive, cipher), emit, { leadIndex, secrets, ownsArchive: true });
}
