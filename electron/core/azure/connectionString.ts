import { DestinationProblem, problem } from './problems';

/** What a storage connection string says, resolved to endpoints and one credential. */
export interface StorageAccount {
  readonly accountName: string;
  readonly tableEndpoint: string;
  readonly blobEndpoint: string;
  readonly credential: { readonly kind: 'key'; readonly accountKey: string } | { readonly kind: 'sas'; readonly token: string };
}

/** Azurite's documented development account, used by `UseDevelopmentStorage=true`. */
const DEVELOPMENT = {
  accountName: 'devstoreaccount1',
  accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

const KNOWN_PARTS = new Set([
  'defaultendpointsprotocol', 'accountname', 'accountkey', 'endpointsuffix', 'tableendpoint', 'blobendpoint',
  'queueendpoint', 'fileendpoint', 'sharedaccesssignature', 'usedevelopmentstorage', 'developmentstorageproxyuri',
  'tablesecondaryendpoint', 'blobsecondaryendpoint', 'queuesecondaryendpoint', 'filesecondaryendpoint',
]);

const WHERE_TO_COPY =
  'Copy it again from the Azure portal: your storage account > Security + networking > Access keys > ' +
  'Connection string (Show, then Copy).';

function malformed(message: string): DestinationProblem {
  return new DestinationProblem(problem('malformed-connection-string', message, WHERE_TO_COPY));
}

export function isBase64Key(key: string): boolean {
  return key.length >= 16 && key.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(key);
}

function endpoint(value: string, part: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw malformed(`The connection string's ${part} is not a URL ("${value.slice(0, 60)}").`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw malformed(`The connection string's ${part} must start with https://.`);
  return url.toString().replace(/\/+$/, '');
}

/** Parses an Azure Storage connection string; a malformed one throws a problem naming the faulty part. */
export function parseConnectionString(input: string): StorageAccount {
  const text = input.trim().replace(/^["']|["']$/g, '').trim();
  if (text === '') throw malformed('The connection string is empty.');
  const parts = new Map<string, string>();
  for (const segment of text.split(';')) {
    if (segment.trim() === '') continue;
    const eq = segment.indexOf('=');
    if (eq <= 0) throw malformed(`The connection string has a part without a name and "=": "${segment.trim().slice(0, 40)}".`);
    const name = segment.slice(0, eq).trim();
    if (!KNOWN_PARTS.has(name.toLowerCase())) {
      throw malformed(`The connection string has an unknown part "${name}". It should look like DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net.`);
    }
    parts.set(name.toLowerCase(), segment.slice(eq + 1).trim());
  }

  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') {
    const proxy = parts.get('developmentstorageproxyuri');
    const host = proxy ? endpoint(proxy, 'DevelopmentStorageProxyUri') : 'http://127.0.0.1';
    const base = new URL(host);
    return {
      accountName: DEVELOPMENT.accountName,
      tableEndpoint: `${base.protocol}//${base.hostname}:10002/${DEVELOPMENT.accountName}`,
      blobEndpoint: `${base.protocol}//${base.hostname}:10000/${DEVELOPMENT.accountName}`,
      credential: { kind: 'key', accountKey: DEVELOPMENT.accountKey },
    };
  }

  const accountName = parts.get('accountname') ?? '';
  const accountKey = parts.get('accountkey');
  const sas = parts.get('sharedaccesssignature');
  const protocol = (parts.get('defaultendpointsprotocol') ?? 'https').toLowerCase();
  if (protocol !== 'https' && protocol !== 'http') throw malformed(`DefaultEndpointsProtocol must be https, not "${protocol}".`);
  const suffix = parts.get('endpointsuffix') ?? 'core.windows.net';

  const tableGiven = parts.has('tableendpoint') ? endpoint(parts.get('tableendpoint')!, 'TableEndpoint') : undefined;
  const blobGiven = parts.has('blobendpoint') ? endpoint(parts.get('blobendpoint')!, 'BlobEndpoint') : undefined;
  if (accountName && !/^[a-z0-9]{3,24}$/.test(accountName)) {
    throw malformed(`AccountName "${accountName}" is not a storage account name (3 to 24 lower-case letters and digits).`);
  }
  // A SAS connection string from the portal names its endpoints instead of the account.
  const givenEndpoint = tableGiven ?? blobGiven;
  const name = accountName || (givenEndpoint ? accountNameFromEndpoint(givenEndpoint) : '');
  if (!name) throw malformed('The connection string has no AccountName (and no TableEndpoint or BlobEndpoint).');
  const tableEndpoint = tableGiven ?? `${protocol}://${name}.table.${suffix}`;
  const blobEndpoint = blobGiven ?? `${protocol}://${name}.blob.${suffix}`;

  if (accountKey !== undefined) {
    if (!isBase64Key(accountKey)) {
      throw malformed('The AccountKey is not a storage account key (it should be 88 characters of base64 ending in "==").');
    }
    return { accountName: name, tableEndpoint, blobEndpoint, credential: { kind: 'key', accountKey } };
  }
  if (sas !== undefined && sas !== '') {
    return { accountName: name, tableEndpoint, blobEndpoint, credential: { kind: 'sas', token: sas.replace(/^\?/, '') } };
  }
  throw malformed('The connection string has neither an AccountKey nor a SharedAccessSignature.');
}

/** `https://acct.table.core.windows.net` or path-style `http://127.0.0.1:10002/acct` (Azurite). */
export function accountNameFromEndpoint(endpointUrl: string): string {
  const url = new URL(endpointUrl);
  const pathName = url.pathname.split('/').filter(Boolean)[0];
  if (pathName && /^(\d+\.){3}\d+$|^localhost$/.test(url.hostname)) return pathName;
  return url.hostname.split('.')[0] ?? '';
}
