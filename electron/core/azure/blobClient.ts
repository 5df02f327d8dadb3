import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { ClientOptions } from './clients';
import type { ResolvedAccess } from './destination';

/**
 * The legacy Blob destination's client. A module of its own, loaded on first use: the Blob SDK is as large
 * as everything else a table sync loads, and most publishers never have a Blob destination.
 */
export function containerClient(access: ResolvedAccess, options: ClientOptions = {}): ContainerClient {
  const url = `${access.blobEndpoint}/${encodeURIComponent(access.container)}`;
  const retryOptions = { maxTries: (options.maxRetries ?? 3) + 1, retryDelayInMs: 200, maxRetryDelayInMs: 4000 };
  if (access.credential.kind === 'key') {
    return new ContainerClient(url, new StorageSharedKeyCredential(access.credential.accountName, access.credential.accountKey), { retryOptions });
  }
  return new ContainerClient(`${url}?${access.credential.sas.token}`, new AnonymousCredential(), { retryOptions });
}
