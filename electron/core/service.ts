import { existsSync, statSync } from 'node:fs';
import { testConnection, type Diagnosis } from './azure/diagnose';
import type { Destination, DestinationRequest } from './azure/destination';
import { DEFAULT_QUIET_DAYS, destinationHealth } from './destinationHealth';
import { problem } from './azure/problems';
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
  loadDestinationSettings, openArchive, saveDestinationSettings, setSyncEvery, startVisit, type Archive, type ArchiveOptions,
} from './store';
import { backupArchive, type BackupResult } from './store/backup';
import { checkArchiveFile, type ArchiveCheck } from './store/check';
import { lastSyncResult, loadSyncState } from './store/syncState';
import { listImportedFiles, type ImportedFileRecord } from './store/importedFiles';
import type { SyncProgress, SyncResult } from './sync';
import { SyncRunner } from './syncRunner';
import { buildDestination, sasExpiry } from './destinationRequests';
import {
  SAMPLE_DESTINATION, ServiceError, type ArchiveInfo, type BackgroundSyncRequest, type ExportRequest, type HealthSettings, type ImportedFiles, type Profile,
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
/**
 * Everything Lead Inbox does, as one object: the Electron IPC, the browser-mode server, the CLI and the
 * tests all call this, so every door behaves the same.
 */
export class LeadInboxService {
  private readonly exports = new Map<string, AbortController>();
  private backups = 0;
  /** Credentials given for this session only (a CLI run without a key file): never written anywhere. */
  private readonly sessionSecrets = new Map<string, string>();
  private readonly listeners = new Set<(event: ServiceEvent) => void>();
  private readonly follower?: NodeJS.Timeout;
  private readonly sync: SyncRunner;

  constructor(
    readonly archive: Archive,
    private readonly secrets: SecretStore,
    emit?: (event: ServiceEvent) => void,
    private readonly options: ServiceOptions = {},
  ) {
    if (emit) this.listeners.add(emit);
    this.sync = new SyncRunner({
      archive,
      emit: (event) => this.emit(event),
      secretFor: (id) => this.secretFor(id),
      canSync: () => this.secretsStatus().state === 'ready',
      workChanged: () => this.workChanged(),
    });
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
    this.sync.replan();
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
    const schedule = this.sync.scheduleOf(destination.id);
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
      syncing: this.sync.isSyncing(destination.id),
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

  /**
   * Starts syncing by itself (the desktop app, `serve`, `watch`): each destination at once, then on its
   * schedule, backing off while it fails. Stops when the service closes.
   */
  startBackgroundSync(request: BackgroundSyncRequest = {}): void {
    this.sync.startBackground(request);
  }

  /** The door's word on the network: came, went, or the computer woke (see SyncRunner.networkChanged). */
  networkChanged(state: { online: boolean; resumed?: boolean }): void {
    this.sync.networkChanged(state);
  }

  /** Syncs one destination (see SyncRunner.syncProfile): one sync per destination at a time. */
  syncProfile(id: string, call: SyncCall = {}): Promise<SyncResult> {
    return this.sync.syncProfile(id, call);
  }

  /** Sets how often a destination syncs by itself (0: only on request). */
  setSyncSchedule(id: string, everyMinutes: number): Profile {
    if (!setSyncEvery(this.archive, id, everyMinutes)) throw new ServiceError(`There is no destination "${id}".`);
    this.sync.replan();
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
    this.sync.replan();
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
    this.sync.cancel(id);
    this.secrets.remove(id);
    return removeDestination(this.archive, id);
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
    return this.sync.cancel(id);
  }

  private workChanged(): void {
    this.emit({ type: 'work:changed', syncs: this.sync.running, exports: this.exports.size });
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
    const running = () => this.sync.running + this.exports.size + this.backups > 0;
    while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const settled = !running();
    if (this.options.ownsArchive) this.archive.close();
    return settled;
  }

  private stopWork(): void {
    this.sync.stop();
    clearInterval(this.follower);
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
