import { resolveAccess, type Destination } from '../azure/destination';
import { DestinationProblem } from '../azure/problems';
import { checkSas } from '../azure/sas';
import { requiredSasPermissions } from '../azure/diagnose';
import type { Archive } from '../store';
import { saveDestination } from '../destinations';
import { syncBlobs } from './blobSync';
import type { SyncOptions, SyncResult } from './progress';
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
  return destination.kind === 'table' ? syncTable(archive, destination, access, options) : syncBlobs(archive, destination, access, options);
}
