import { AzureNamedKeyCredential, AzureSASCredential, TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { ResolvedAccess } from './destination';
import { agentFor } from './network';

export interface ClientOptions {
  /** The SDK's own retries per request; the sync engine retries whole pages on top. */
  readonly maxRetries?: number;
}

type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];

const sentListeners = new WeakMap<object, () => void>();

/**
 * Calls `listener` when the request carrying `signal` leaves the SDK's pipeline for the network. The sync
 * engine waits for this before it blocks the thread on a database write, so the service works on the next
 * page meanwhile instead of the request sitting unsent behind the write.
 */
export function onRequestSent(signal: AbortSignal, listener: () => void): void {
  sentListeners.set(signal, listener);
}

const requestSentPolicy: PipelinePolicy = {
  name: 'leadInboxRequestSent',
  sendRequest(request, next) {
    if (request.abortSignal) sentListeners.get(request.abortSignal)?.();
    return next(request);
  },
};

/** Every https request goes out on the agent the process's network settings make (see network.ts). */
const networkPolicy: PipelinePolicy = {
  name: 'leadInboxNetwork',
  sendRequest(request, next) {
    if (request.url.startsWith('https:')) request.agent = agentFor(new URL(request.url).host);
    return next(request);
  },
};

function tableOptions(endpoint: string, options: ClientOptions): TableServiceClientOptions {
  return {
    additionalPolicies: [
      { policy: networkPolicy, position: 'perRetry' },
      { policy: requestSentPolicy, position: 'perRetry' },
    ],
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
