import { classifyError } from '../azure/classify';
import { clientsFor } from '../azure/clientCache';
import { csvEntities, type CsvBlob } from '../azure/csvLeads';
import type { Destination, ResolvedAccess } from '../azure/destination';
import { DestinationProblem } from '../azure/problems';
import { withRetries } from '../azure/retry';
import { leadFromEntity, type Lead } from '../leads';
import type { Archive } from '../store';
import { blobEtags, saveBlobEtag } from '../store/syncState';
import { SyncTally, type SyncOptions, type SyncResult } from './progress';

const BATCH = 1000;

/** csv-parse's own error for a file that is not valid CSV (an unclosed quote, say), with its line. */
function brokenCsv(error: unknown): { message: string; line: number | null } | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return null;
  return { message: (error as Error).message.replace(/^Invalid Opening Quote: |^Quote Not Closed: /, ''), line: (error as { lines?: number }).lines ?? null };
}

/**
 * Reads every `*.csv` blob of a legacy Blob destination (container + prefix). A blob whose ETag was already
 * read is skipped; a new or changed one is read whole, its rows upserted, and its ETag recorded in the
 * same transaction as its last rows, so an interrupted sync simply reads that blob again.
 */
export async function syncBlobs(archive: Archive, destination: Destination, access: ResolvedAccess, options: SyncOptions = {}): Promise<SyncResult> {
  const { signal } = options;
  const container = await clientsFor(access, { maxRetries: 2 }).container();
  const tally = new SyncTally(destination.id, 'blobs');
  const known = blobEtags(archive, destination.id);
  const fail = (error: unknown) => {
    if (signal?.aborted) throw error;
    throw new DestinationProblem(classifyError(error, access, 'blob'));
  };

  const changed: CsvBlob[] = [];
  try {
    for await (const item of container.listBlobsFlat({ prefix: access.prefix || undefined, abortSignal: signal })) {
      const etag = item.properties.etag ?? '';
      if (!item.name.toLowerCase().endsWith('.csv') || known.get(item.name) === etag) continue;
      changed.push({ name: item.name, etag, lastModified: item.properties.lastModified?.toISOString() ?? null });
    }
  } catch (error) {
    fail(error);
  }

  const write = (leads: Lead[], finish?: () => void) =>
    archive.transaction(() => {
      const result = archive.upsertLeads(leads);
      tally.inserted += result.inserted;
      tally.updated += result.updated;
      tally.unchanged += result.unchanged;
      tally.newRealLeads += result.insertedRealLeads;
      finish?.();
    });

  for (const blob of changed) {
    if (signal?.aborted) break;
    try {
      await withRetries(
        async () => {
          const download = await container.getBlobClient(blob.name).download(0, undefined, { abortSignal: signal });
          if (!download.readableStreamBody) throw new Error(`The blob ${blob.name} has no content stream.`);
          let batch: Lead[] = [];
          let rows = 0;
          for await (const entity of csvEntities(blob, download.readableStreamBody)) {
            batch.push(leadFromEntity(entity, destination.id));
            rows++;
            if (batch.length === BATCH) {
              write(batch);
              batch = [];
            }
          }
          write(batch, () => saveBlobEtag(archive, destination.id, blob.name, blob.etag, rows));
          tally.entities += rows;
        },
        { signal, onRetry: options.onRetry },
      );
    } catch (error) {
      if (signal?.aborted) break;
      // One broken file must not keep the others out of the archive: its rows so far are kept, its ETag is
      // not recorded, so the next sync reads it again (after someone fixed it).
      const broken = brokenCsv(error);
      if (broken) {
        tally.problems.push(`${blob.name}: not valid CSV${broken.line ? ` (line ${broken.line})` : ''}: ${broken.message}; the other files were read, and this one will be read again at the next sync.`);
      } else fail(error);
    }
    tally.pages++;
    options.onProgress?.(tally.progress());
  }
  const total = archive.countLeadsOf(destination.id);
  return tally.result(Boolean(signal?.aborted), total);
}
