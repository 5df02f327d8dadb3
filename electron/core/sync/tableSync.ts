import type { TableClient } from '@azure/data-tables';
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

const DEFAULT_OVERLAP_MS = 5 * 60_000;

function countForDestination(archive: Archive, destinationId: string): number {
  return (archive.db.prepare('SELECT count(*) AS n FROM leads WHERE destination_id = ?').get(destinationId) as { n: number }).n;
}

/** Resolves the table's real name once, so a case-only mismatch is healed before paging starts. */
async function openTable(access: ResolvedAccess, signal?: AbortSignal): Promise<TableClient> {
  const clients = clientsFor(access, { maxRetries: 2 });
  try {
    await withRetries(() => fetchEntityPage(clients.table(), { pageSize: 1, select: ['PartitionKey'], signal }), { signal });
    return clients.table();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw new DestinationProblem(classifyError(error, access, 'table'));
    const name = await resolveMissingTable(access, error, signal);
    return clients.table(name);
  }
}

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
  const table = await openTable(access, signal);

  const fetchPage = (continuationToken: string | null): Promise<EntityPage> =>
    withRetries(
      () => fetchEntityPage(table, { filter: filterFrom ? timestampFilter(filterFrom) : undefined, continuationToken, pageSize: options.pageSize, signal }),
      { signal, onRetry: options.onRetry },
    ).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new DestinationProblem(classifyError(error, access, 'table'));
    });

  let pass: SyncState = { ...state, passFilterFrom: filterFrom, continuation: resuming ? state.continuation : null };
  let next = fetchPage(pass.continuation);
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
      next = fetchPage(page.continuationToken);
      // Handled when awaited; this only keeps an early failure from being reported as unhandled.
      next.catch(() => undefined);
    }
    const passStartedAt = pass.passStartedAt ?? page.serverTime ?? new Date().toISOString();
    const finished = !page.continuationToken;
    pass = finished
      ? { watermark: passStartedAt, passStartedAt: null, passFilterFrom: null, continuation: null, lastSuccessAt: new Date().toISOString() }
      : { ...pass, passStartedAt, continuation: page.continuationToken };
    archive.transaction(() => {
      const leads = page.entities.map((entity) => leadFromEntity(entity, destination.id));
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
  const result = tally.result(cancelled, countForDestination(archive, destination.id));
  if (!cancelled) saveSyncState(archive, destination.id, loadSyncState(archive, destination.id), result);
  return result;
}
