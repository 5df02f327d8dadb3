import { classifyError } from '../azure/classify';
import { clientsFor } from '../azure/clientCache';
import type { Destination, ResolvedAccess } from '../azure/destination';
import { DestinationProblem } from '../azure/problems';
import { withRetries } from '../azure/retry';
import { fetchEntityPage, timestampFilter, type EntityPage } from '../azure/tableSource';
import { resolveMissingTable } from '../azure/tableNames';
import { leadFromEntity } from '../leads';
import type { Archive } from '../store';
import { loadSyncState, saveSyncState, type SyncState } from '../store/syncState';
import { SyncTally, type SyncOptions, type SyncResult } from './progress';

/** How far before its watermark a pass looks again, for late or clock-skewed writes, unless told otherwise. */
export const DEFAULT_OVERLAP_MS = 5 * 60_000;

/**
 * Copies a MarketplaceLeads table into the archive. The first pass reads every entity; later passes ask
 * only for `Timestamp >= watermark - overlap`. Each page is written in one transaction together with the
 * pass's continuation token, so the sync can be killed at any moment and resumed without gaps or
 * duplicates. The next page is already being fetched while one is written. Nothing is written to Azure.
 */
export async function syncTable(
  archive: Archive,
  destination: Destination,
  access: ResolvedAccess,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const { signal } = options;
  const state = loadSyncState(archive, destination.id);
  const resuming = state.passStartedAt !== null;
  const filterFrom = resuming
    ? state.passFilterFrom
    : state.watermark
      ? new Date(Date.parse(state.watermark) - (options.overlapMs ?? DEFAULT_OVERLAP_MS)).toISOString()
      : null;
  const tally = new SyncTally(destination.id, resuming ? 'resumed' : filterFrom ? 'incremental' : 'full');
  const clients = clientsFor(access, { maxRetries: 2 });
  let table = clients.table();

  const fetchPage = (continuationToken: string | null, onSent?: () => void): Promise<EntityPage> =>
    withRetries(
      () => fetchEntityPage(table, { filter: filterFrom ? timestampFilter(filterFrom) : undefined, continuationToken, pageSize: options.pageSize, signal, onSent }),
      { signal, onRetry: options.onRetry },
    ).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new DestinationProblem(classifyError(error, access, 'table'));
    });

  /** Starts the next page and resolves once its request is on the wire (or has already failed). */
  const prefetch = (continuationToken: string) => {
    let sent!: () => void;
    const onWire = new Promise<void>((resolve) => (sent = resolve));
    const page = fetchPage(continuationToken, sent);
    // Handled when awaited; this only keeps an early failure from being reported as unhandled.
    page.catch(() => undefined);
    return { page, onWire: Promise.race([onWire, page.then(() => undefined, () => undefined)]) };
  };

  let pass: SyncState = { ...state, passFilterFrom: filterFrom, continuation: resuming ? state.continuation : null };
  let next = fetchPage(pass.continuation).catch(async (error: unknown) => {
    // Table names are case-insensitive in Azure but not in every emulator or proxy: heal a case-only
    // mismatch once, or say which tables do exist.
    if (!(error instanceof DestinationProblem) || error.problem.code !== 'table-not-found') throw error;
    table = clients.table(await resolveMissingTable(access, error, signal));
    return fetchPage(pass.continuation);
  });
  let cancelled = false;
  for (;;) {
    let page: EntityPage;
    try {
      page = await next;
    } catch (error) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      throw error;
    }
    if (page.continuationToken && !signal?.aborted) {
      const ahead = prefetch(page.continuationToken);
      next = ahead.page;
      await ahead.onWire;
      // One more turn of the event loop lets the HTTP client hand the request to the socket.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const passStartedAt = pass.passStartedAt ?? page.serverTime ?? new Date().toISOString();
    const finished = !page.continuationToken;
    pass = finished
      ? { watermark: passStartedAt, passStartedAt: null, passFilterFrom: null, continuation: null, lastSuccessAt: new Date().toISOString() }
      : { ...pass, passStartedAt, continuation: page.continuationToken };
    // Parsed before the write lock is taken: another program (the app beside a cron sync) waits only for the writes.
    const leads = page.entities.map((entity) => leadFromEntity(entity, destination.id));
    archive.transaction(() => {
      const result = archive.upsertLeads(leads);
      tally.inserted += result.inserted;
      tally.updated += result.updated;
      tally.unchanged += result.unchanged;
      tally.newRealLeads += result.insertedRealLeads;
      saveSyncState(archive, destination.id, pass);
    });
    tally.pages++;
    tally.entities += page.entities.length;
    options.onProgress?.(tally.progress());
    if (finished) break;
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
  }
  const result = tally.result(cancelled, archive.countLeadsOf(destination.id));
  if (!cancelled) saveSyncState(archive, destination.id, loadSyncState(archive, destination.id), result);
  return result;
}
