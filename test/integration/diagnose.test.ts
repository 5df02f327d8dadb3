import { generateAccountSas, generateTableSas, AzureNamedKeyCredential } from '@azure/data-tables';
import { ContainerClient, ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConnection, type Diagnosis } from '../../electron/core/azure/diagnose';
import { destinationFromRequest, type DestinationRequest } from '../../electron/core/azure/destination';
import { DestinationProblem } from '../../electron/core/azure/problems';
import { generateSampleEntities } from '../../electron/core/sample';
import { DEV_ACCOUNT, DEV_KEY, freePort, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { seedTable } from '../../electron/dev/seed';

let azurite: Azurite;
let proxy: FaultProxy;
const credential = new AzureNamedKeyCredential(DEV_ACCOUNT, DEV_KEY);
const HOUR = 3600_000;

beforeAll(async () => {
  azurite = await startAzurite();
  proxy = await startFaultProxy(azurite.tableEndpoint);
  await seedTable(azurite.connectionString, 'MarketplaceLeads', [...generateSampleEntities({ count: 1200, seed: 2 })]);
  await seedTable(azurite.connectionString, 'AuditLog', [{ PartitionKey: 'a', RowKey: 'b' }]);
  const container = new ContainerClient(`${azurite.blobEndpoint}/marketplaceleadcontainer`, new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY));
  await container.create();
  await container.uploadBlockBlob('leads-2019.csv', 'Email,FirstName\na@b.c,Ana\n', 22);
});
afterAll(async () => {
  await proxy?.close();
  await azurite?.stop();
});

async function diagnose(request: Partial<DestinationRequest>, timeoutMs?: number): Promise<Diagnosis> {
  let built;
  try {
    built = destinationFromRequest({ kind: 'table', ...request });
  } catch (error) {
    if (error instanceof DestinationProblem) return { ok: false, problem: error.problem };
    throw error;
  }
  return testConnection(built.destination, built.secret, { timeoutMs });
}

function problemOf(diagnosis: Diagnosis) {
  if (diagnosis.ok) throw new Error(`expected a problem, got: ${diagnosis.message}`);
  return diagnosis.problem;
}

function tableSasUrl(endpoint: string, table: string, values: Parameters<typeof generateTableSas>[2]): string {
  return `${endpoint}/${table}?${generateTableSas(table, credential, values)}`;
}

describe('test connection: produced by Azurite', () => {
  it('says OK with the lead count and the latest write', async () => {
    const result = await diagnose({ connectionString: azurite.connectionString });
    expect(result).toMatchObject({ ok: true, resource: 'MarketplaceLeads', count: 1200, countIsExact: true });
    expect(result.ok && result.latest).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(result.ok && result.message).toMatch(/1,200 leads/);
  });

  it('reports a count limit honestly', async () => {
    const built = destinationFromRequest({ kind: 'table', connectionString: azurite.connectionString });
    expect(await testConnection(built.destination, built.secret, { countLimit: 1000 })).toMatchObject({ ok: true, count: 1000, countIsExact: false });
  });

  it('names the malformed part of a connection string', async () => {
    expect(problemOf(await diagnose({ connectionString: 'AccountName=contoso;AccountKey=not-base64!' }))).toMatchObject({
      code: 'malformed-connection-string',
      message: expect.stringMatching(/AccountKey/),
      fix: expect.stringMatching(/Access keys/),
    });
    expect(problemOf(await diagnose({ connectionString: 'DefaultEndpointsProtocol=https;AcountName=contoso' })).message).toMatch(/unknown part "AcountName"/);
  });

  it('recognizes a wrong key', async () => {
    const wrongKey = Buffer.alloc(64, 7).toString('base64');
    const problem = problemOf(await diagnose({ connectionString: azurite.connectionString.replace(DEV_KEY, wrongKey) }));
    expect(problem).toMatchObject({ code: 'wrong-key', fix: expect.stringMatching(/key1 or key2/) });
    expect(JSON.stringify(problem)).not.toContain(wrongKey);
  });

  it('recognizes an expired SAS and one not yet valid', async () => {
    const expired = tableSasUrl(azurite.tableEndpoint, 'MarketplaceLeads', { expiresOn: new Date(Date.now() - HOUR), permissions: { query: true } });
    expect(problemOf(await diagnose({ sasUrl: expired }))).toMatchObject({ code: 'sas-expired', message: expect.stringMatching(/expired on \d{4}-/) });
    const future = tableSasUrl(azurite.tableEndpoint, 'MarketplaceLeads', { startsOn: new Date(Date.now() + HOUR), expiresOn: new Date(Date.now() + 2 * HOUR), permissions: { query: true } });
    expect(problemOf(await diagnose({ sasUrl: future })).code).toBe('sas-not-yet-valid');
  });

  it('accepts a read-only table SAS URL and reads the table from it', async () => {
    const url = tableSasUrl(azurite.tableEndpoint, 'MarketplaceLeads', { expiresOn: new Date(Date.now() + HOUR), permissions: { query: true } });
    expect(await diagnose({ sasUrl: url })).toMatchObject({ ok: true, resource: 'MarketplaceLeads', count: 1200 });
  });

  it('refuses a SAS without read, and an account SAS without list', async () => {
    const addOnly = tableSasUrl(azurite.tableEndpoint, 'MarketplaceLeads', { expiresOn: new Date(Date.now() + HOUR), permissions: { add: true } });
    expect(problemOf(await diagnose({ sasUrl: addOnly }))).toMatchObject({ code: 'sas-missing-permission', message: expect.stringMatching(/Read/) });
    const readOnlyAccount = generateAccountSas(credential, { expiresOn: new Date(Date.now() + HOUR), permissions: { query: true } });
    const problem = problemOf(await diagnose({ sasUrl: `${azurite.tableEndpoint}?${readOnlyAccount}` }));
    expect(problem).toMatchObject({ code: 'sas-missing-permission', message: expect.stringMatching(/List/) });
  });

  it('reports the service refusing a SAS for the wrong resource type', async () => {
    const serviceOnly = generateAccountSas(credential, { expiresOn: new Date(Date.now() + HOUR), permissions: { query: true, list: true }, resourceTypes: 's' });
    const problem = problemOf(await diagnose({ sasUrl: `${azurite.tableEndpoint}?${serviceOnly}` }));
    expect(problem).toMatchObject({ code: 'sas-missing-permission', detail: 'AuthorizationResourceTypeMismatch' });
  });

  it('accepts an account SAS with read and list', async () => {
    const sas = generateAccountSas(credential, { expiresOn: new Date(Date.now() + HOUR), permissions: { query: true, list: true }, resourceTypes: 'sco' });
    expect(await diagnose({ sasUrl: `${azurite.tableEndpoint}?${sas}` })).toMatchObject({ ok: true, count: 1200 });
  });

  it('lists the tables that exist when the table is missing, likeliest first', async () => {
    const problem = problemOf(await diagnose({ connectionString: azurite.connectionString, tableName: 'MarketplaceLead' }));
    expect(problem).toMatchObject({ code: 'table-not-found', suggestions: ['MarketplaceLeads', 'AuditLog'] });
    expect(problem.fix).toMatch(/Did you mean "MarketplaceLeads"/);
  });

  it('checks a legacy Blob container, with a read+list container SAS', async () => {
    expect(await diagnose({ kind: 'blob', connectionString: azurite.connectionString, container: 'marketplaceleadcontainer' })).toMatchObject({ ok: true, count: 1 });
    const key = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
    const sas = (permissions: string) =>
      generateBlobSASQueryParameters({ containerName: 'marketplaceleadcontainer', permissions: ContainerSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + HOUR) }, key).toString();
    const url = (permissions: string) => `${azurite.blobEndpoint}/marketplaceleadcontainer?${sas(permissions)}`;
    expect(await diagnose({ kind: 'blob', sasUrl: url('rl') })).toMatchObject({ ok: true, count: 1 });
    expect(problemOf(await diagnose({ kind: 'blob', sasUrl: url('r') }))).toMatchObject({ code: 'sas-missing-permission', message: expect.stringMatching(/List/) });
    expect(problemOf(await diagnose({ kind: 'blob', connectionString: azurite.connectionString, container: 'nope' })).code).toBe('container-not-found');
  });

  it('says offline when nothing listens, and timeout when the service never answers', async () => {
    const port = await freePort();
    const offline = problemOf(await diagnose({ accountName: DEV_ACCOUNT, accountKey: DEV_KEY, tableEndpoint: `http://127.0.0.1:${port}/${DEV_ACCOUNT}` }));
    expect(offline).toMatchObject({ code: 'offline', detail: 'ECONNREFUSED' });

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as { port: number }).port;
    const started = Date.now();
    const slow = problemOf(await diagnose({ accountName: DEV_ACCOUNT, accountKey: DEV_KEY, tableEndpoint: `http://127.0.0.1:${silentPort}/${DEV_ACCOUNT}` }, 1500));
    expect(slow.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(15_000);
    silent.close();
  });
});

describe('test connection: the service\'s own error bodies, replayed by a loopback proxy', () => {
  const viaProxy = () => ({ accountName: DEV_ACCOUNT, accountKey: DEV_KEY, tableEndpoint: proxy.url });

  it('recognizes the storage firewall (AuthorizationFailure)', async () => {
    proxy.setOptions({ canned: { status: 403, errorCode: 'AuthorizationFailure', message: 'This request is not authorized to perform this operation.' } });
    expect(problemOf(await diagnose(viaProxy()))).toMatchObject({ code: 'firewall', fix: expect.stringMatching(/Networking/) });
  });

  it('recognizes Azure\'s AuthenticationFailed as a wrong key, or an invalid SAS', async () => {
    proxy.setOptions({ canned: { status: 403, errorCode: 'AuthenticationFailed', message: 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.' } });
    expect(problemOf(await diagnose(viaProxy())).code).toBe('wrong-key');
    const sas = generateTableSas('MarketplaceLeads', credential, { expiresOn: new Date(Date.now() + HOUR), permissions: { query: true } });
    expect(problemOf(await diagnose({ sasUrl: `${proxy.url}/MarketplaceLeads?${sas}` })).code).toBe('sas-invalid');
  });

  it('recognizes a SAS the service finds lacking (AuthorizationPermissionMismatch)', async () => {
    proxy.setOptions({ canned: { status: 403, errorCode: 'AuthorizationPermissionMismatch', message: 'This request is not authorized to perform this operation using this permission.' } });
    expect(problemOf(await diagnose(viaProxy())).code).toBe('sas-missing-permission');
  });

  it('reports a service that stays busy', async () => {
    proxy.setOptions({ canned: { status: 503, errorCode: 'ServerBusy', message: 'The server is busy.' } });
    expect(problemOf(await diagnose(viaProxy()))).toMatchObject({ code: 'service-error', detail: 'ServerBusy' });
    proxy.setOptions({});
  });
});
