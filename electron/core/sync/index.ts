import { resolveAccess, type Destination } from '../azure/destination';
import { DestinationProblem } from '../azure/problems';
import { checkSas } from '../azure/sas';
import { requiredSasPermissions } from '../azure/diagnose';
import type { Archive } from '../store';
import { saveDestination } from '../destinations';
import { syncBlobs } from './blobSync';
import type { SyncOptions, SyncProgress, SyncResult } from './progress';
import { syncTable } from './tableSync';

export * from './progress';

/** Syncs one destination into the archive (saving the destination, never its secret). */
export async function syncDestination(archive: Archive, destination: Destination, secret: string, options: SyncOptions = {}): Promise<SyncResult> {
  const access = resolveAccess(destination, secret);
  if (access.credential.kind === 'sas') {
    const local = checkSas(access.credential.sas, requiredSasPermissions(access, destination.kind));
    if (local) throw new DestinationProblem(local);
  }
  saveDestination(archive, destination);
  const started = performance.now();
  // The first load into an empty archive (or one a killed first load left so) keeps no secondary
  // indexes while it writes; they are built once when this sync ends, however it ends.
  const deferred = archive.deferIndexesIfEmpty();
  let last: SyncProgress | undefined;
  const onProgress = (progress: SyncProgress) => {
    last = progress;
    options.onProgress?.(progress);
  };
  let result: SyncResult;
  try {
    const sync = destination.kind === 'table' ? syncTable : syncBlobs;
    result = await sync(archive, destination, access, { ...options, onProgress });
  } finally {
    if (deferred) {
      archive.buildDeferredIndexes((built, of) => {
        if (last) options.onProgress?.({ ...last, elapsedMs: performance.now() - started, indexing: { built, of } });
      });
    }
  }
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
