import * as z from 'zod';
import { accountNameFromEndpoint, isBase64Key, parseConnectionString } from './connectionString';
import { DestinationProblem, problem } from './problems';
import { parseSasToken, splitSasUrl, type SasInfo } from './sas';

export const DEFAULT_TABLE = 'MarketplaceLeads';

/**
 * A lead destination as saved in the archive. It never holds the secret (connection string, account key
 * or SAS token): that lives encrypted in a SecretStore and is passed in when the destination is used.
 */
export const destinationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['table', 'blob']),
  access: z.enum(['connection-string', 'account-key', 'sas']),
  /** account-key: the account; also its endpoints when not the public cloud's (Azurite, sovereign clouds). */
  accountName: z.string().default(''),
  endpointSuffix: z.string().default('core.windows.net'),
  tableEndpoint: z.string().optional(),
  blobEndpoint: z.string().optional(),
  /** sas: the account, table or container URL without its token. */
  resourceUrl: z.string().optional(),
  tableName: z.string().default(DEFAULT_TABLE),
  container: z.string().default(''),
  prefix: z.string().default(''),
});
export type Destination = z.infer<typeof destinationSchema>;
export type DestinationInput = z.input<typeof destinationSchema>;

export type Credential =
  | { readonly kind: 'key'; readonly accountName: string; readonly accountKey: string }
  | { readonly kind: 'sas'; readonly sas: SasInfo };

/** Everything needed to reach a destination: endpoints, one credential, and the table or container. */
export interface ResolvedAccess {
  readonly accountName: string;
  readonly tableEndpoint: string;
  readonly blobEndpoint: string;
  readonly credential: Credential;
  readonly tableName: string;
  readonly container: string;
  readonly prefix: string;
  /** True when the SAS is scoped to one table or container rather than the account. */
  readonly scopedSas: boolean;
}

function isPathStyle(url: URL): boolean {
  return /^(\d+\.){3}\d+$|^localhost$|^\[[0-9a-f:]+\]$/i.test(url.hostname);
}

/** Splits `https://acct.table.core.windows.net/Table` (or Azurite's `http://127.0.0.1:10002/acct/Table`). */
function splitResourceUrl(url: URL): { endpoint: string; resource: string } {
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const accountSegments = isPathStyle(url) ? 1 : 0;
  const endpoint = `${url.origin}${accountSegments ? `/${segments[0] ?? ''}` : ''}`;
  return { endpoint, resource: segments[accountSegments] ?? '' };
}

function sasAccess(destination: Destination, token: string, resourceUrl: string): ResolvedAccess {
  const sas = parseSasToken(token);
  const { endpoint, resource } = splitResourceUrl(new URL(resourceUrl));
  const url = new URL(endpoint);
  const accountName = accountNameFromEndpoint(endpoint);
  const isTableHost = /\.table\./.test(url.hostname);
  const isBlobHost = /\.blob\./.test(url.hostname);
  const swap = (from: string, to: string) => endpoint.replace(`.${from}.`, `.${to}.`);
  const tableName = destination.kind === 'table' && resource ? resource.replace(/\(\)$/, '') : destination.tableName;
  return {
    accountName,
    tableEndpoint: isBlobHost ? swap('blob', 'table') : endpoint,
    blobEndpoint: isTableHost ? swap('table', 'blob') : endpoint,
    credential: { kind: 'sas', sas },
    tableName,
    container: destination.kind === 'blob' && resource ? resource : destination.container,
    prefix: destination.prefix,
    scopedSas: !sas.isAccountSas,
  };
}

/** Combines a saved destination with its secret. Throws a DestinationProblem when the secret is malformed. */
export function resolveAccess(destination: Destination, secret: string): ResolvedAccess {
  const common = { tableName: destination.tableName, container: destination.container, prefix: destination.prefix, scopedSas: false };
  switch (destination.access) {
    case 'connection-string': {
      const account = parseConnectionString(secret);
      const credential: Credential =
        account.credential.kind === 'key'
          ? { kind: 'key', accountName: account.accountName, accountKey: account.credential.accountKey }
          : { kind: 'sas', sas: parseSasToken(account.credential.token) };
      return { ...common, accountName: account.accountName, tableEndpoint: account.tableEndpoint, blobEndpoint: account.blobEndpoint, credential };
    }
    case 'account-key': {
      const key = secret.trim();
      if (!isBase64Key(key)) {
        throw new DestinationProblem(
          problem(
            'malformed-connection-string',
            'The account key is not a storage account key (it should be 88 characters of base64 ending in "==").',
            'Copy key1 or key2 from the Azure portal: your storage account > Security + networking > Access keys.',
          ),
        );
      }
      const name = destination.accountName;
      return {
        ...common,
        accountName: name,
        tableEndpoint: destination.tableEndpoint ?? `https://${name}.table.${destination.endpointSuffix}`,
        blobEndpoint: destination.blobEndpoint ?? `https://${name}.blob.${destination.endpointSuffix}`,
        credential: { kind: 'key', accountName: name, accountKey: key },
      };
    }
    case 'sas': {
      if (!destination.resourceUrl) throw new Error('A SAS destination needs its resource URL.');
      return sasAccess(destination, secret, destination.resourceUrl);
    }
  }
}

/** A stable id: the same table or container reached with another credential is the same destination. */
export function destinationId(kind: 'table' | 'blob', accountName: string, resource: string, prefix = ''): string {
  const path = kind === 'table' ? resource.toLowerCase() : prefix ? `${resource}/${prefix}` : resource;
  return `${kind}:${accountName.toLowerCase()}/${path}`;
}

export interface DestinationRequest {
  readonly kind: 'table' | 'blob';
  readonly connectionString?: string;
  readonly sasUrl?: string;
  readonly accountName?: string;
  readonly accountKey?: string;
  readonly tableEndpoint?: string;
  readonly blobEndpoint?: string;
  readonly endpointSuffix?: string;
  readonly tableName?: string;
  readonly container?: string;
  readonly prefix?: string;
  readonly name?: string;
}

/** Builds a destination and its secret from what a user typed or pasted (CLI flags or the add-destination form). */
export function destinationFromRequest(request: DestinationRequest): { destination: Destination; secret: string } {
  const base = {
    kind: request.kind,
    tableName: request.tableName?.trim() || DEFAULT_TABLE,
    container: request.container?.trim() ?? '',
    prefix: request.prefix?.trim() ?? '',
  };
  let draft: DestinationInput;
  let secret: string;
  if (request.connectionString !== undefined) {
    draft = { ...base, id: 'draft', name: 'draft', access: 'connection-string' };
    secret = request.connectionString.trim();
  } else if (request.sasUrl !== undefined) {
    const { resourceUrl, token } = splitSasUrl(request.sasUrl);
    draft = { ...base, id: 'draft', name: 'draft', access: 'sas', resourceUrl: resourceUrl.toString() };
    secret = token;
  } else if (request.accountName !== undefined && request.accountKey !== undefined) {
    draft = {
      ...base,
      id: 'draft',
      name: 'draft',
      access: 'account-key',
      accountName: request.accountName.trim(),
      endpointSuffix: request.endpointSuffix ?? 'core.windows.net',
      tableEndpoint: request.tableEndpoint,
      blobEndpoint: request.blobEndpoint,
    };
    secret = request.accountKey;
  } else {
    throw new DestinationProblem(
      problem(
        'malformed-connection-string',
        'No way to reach the storage account was given.',
        'Give a connection string, a SAS URL, or an account name and key.',
      ),
    );
  }
  const parsed = destinationSchema.parse(draft);
  const access = resolveAccess(parsed, secret);
  if (request.kind === 'blob' && !access.container) {
    throw new DestinationProblem(
      problem('container-not-found', 'No blob container was named.', 'Give the container the marketplace wrote CSV files to (for example marketplaceleadcontainer).'),
    );
  }
  const resource = request.kind === 'table' ? access.tableName : access.container;
  const id = destinationId(request.kind, access.accountName, resource, access.prefix);
  const name = request.name?.trim() || `${resource}${access.prefix ? `/${access.prefix}` : ''} (${access.accountName})`;
  return {
    destination: destinationSchema.parse({ ...parsed, id, name, tableName: access.tableName, container: access.container }),
    secret,
  };
}
