import { AzureNamedKeyCredential, AzureSASCredential, TableClient, TableServiceClient } from '@azure/data-tables';
import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { ResolvedAccess } from './destination';

export interface ClientOptions {
  /** The SDK's own retries per request; the sync engine retries whole pages on top. */
  readonly maxRetries?: number;
}

function tableOptions(endpoint: string, options: ClientOptions) {
  return {
    // Plain http is only ever used for the local emulator; real accounts are https.
    allowInsecureConnection: endpoint.startsWith('http:'),
    retryOptions: { maxRetries: options.maxRetries ?? 3, retryDelayInMs: 200, maxRetryDelayInMs: 4000 },
  };
}

function tableCredential(access: ResolvedAccess) {
  return access.credential.kind === 'key'
    ? new AzureNamedKeyCredential(access.credential.accountName, access.credential.accountKey)
    : new AzureSASCredential(access.credential.sas.token);
}

export function tableClient(access: ResolvedAccess, tableName: string, options: ClientOptions = {}): TableClient {
  const credential = tableCredential(access);
  const settings = tableOptions(access.tableEndpoint, options);
  return credential instanceof AzureNamedKeyCredential
    ? new TableClient(access.tableEndpoint, tableName, credential, settings)
    : new TableClient(access.tableEndpoint, tableName, credential, settings);
}

export function tableServiceClient(access: ResolvedAccess, options: ClientOptions = {}): TableServiceClient {
  const credential = tableCredential(access);
  const settings = tableOptions(access.tableEndpoint, options);
  return credential instanceof AzureNamedKeyCredential
    ? new TableServiceClient(access.tableEndpoint, credential, settings)
    : new TableServiceClient(access.tableEndpoint, credential, settings);
}

export function containerClient(access: ResolvedAccess, options: ClientOptions = {}): ContainerClient {
  const url = `${access.blobEndpoint}/${encodeURIComponent(access.container)}`;
  const retryOptions = { maxTries: (options.maxRetries ?? 3) + 1, retryDelayInMs: 200, maxRetryDelayInMs: 4000 };
  if (access.credential.kind === 'key') {
    return new ContainerClient(url, new StorageSharedKeyCredential(access.credential.accountName, access.credential.accountKey), { retryOptions });
  }
  return new ContainerClient(`${url}?${access.credential.sas.token}`, new AnonymousCredential(), { retryOptions });
}
