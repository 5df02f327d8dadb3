import { describe, expect, it } from 'vitest';
import { destinationFromRequest, destinationId, resolveAccess } from '../../electron/core/azure/destination';
import { DestinationProblem } from '../../electron/core/azure/problems';

const KEY = Buffer.alloc(64, 2).toString('base64');
const CS = `DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const SAS = 'sv=2019-02-02&tn=MarketplaceLeads&sp=r&se=2099-01-01T00%3A00%3A00Z&sig=abc';

describe('destinationFromRequest', () => {
  it('builds a table destination from a connection string, keeping the secret out of it', () => {
    const { destination, secret } = destinationFromRequest({ kind: 'table', connectionString: ` ${CS} ` });
    expect(destination).toMatchObject({ id: 'table:contosoleads/marketplaceleads', name: 'MarketplaceLeads (contosoleads)', access: 'connection-string', tableName: 'MarketplaceLeads' });
    expect(secret).toBe(CS);
    expect(JSON.stringify(destination)).not.toContain(KEY);
  });

  it('gives the same id whatever the credential or the case of the table name', () => {
    const byKey = destinationFromRequest({ kind: 'table', accountName: 'contosoleads', accountKey: KEY, tableName: 'marketplaceLEADS' });
    const bySas = destinationFromRequest({ kind: 'table', sasUrl: `https://contosoleads.table.core.windows.net/MarketplaceLeads?${SAS}` });
    expect(byKey.destination.id).toBe('table:contosoleads/marketplaceleads');
    expect(bySas.destination.id).toBe(byKey.destination.id);
    expect(bySas.secret).toBe(SAS);
    expect(bySas.destination.resourceUrl).toBe('https://contosoleads.table.core.windows.net/MarketplaceLeads');
  });

  it('builds a legacy blob destination with a prefix, kept verbatim', () => {
    const { destination } = destinationFromRequest({ kind: 'blob', connectionString: CS, container: 'marketplaceleadcontainer', prefix: 'Leads/2019' });
    expect(destination).toMatchObject({ id: 'blob:contosoleads/marketplaceleadcontainer/Leads/2019', kind: 'blob', container: 'marketplaceleadcontainer', prefix: 'Leads/2019' });
  });

  it('takes the container from a container SAS URL', () => {
    const { destination } = destinationFromRequest({ kind: 'blob', sasUrl: `https://contosoleads.blob.core.windows.net/leads?sv=2020-08-04&sr=c&sp=rl&sig=x` });
    expect(destination).toMatchObject({ container: 'leads', id: 'blob:contosoleads/leads' });
  });

  it('refuses a blob destination without a container, and a request without a credential', () => {
    expect(() => destinationFromRequest({ kind: 'blob', connectionString: CS })).toThrow(/No blob container/);
    expect(() => destinationFromRequest({ kind: 'table' })).toThrow(DestinationProblem);
  });

  it('refuses a malformed account key', () => {
    expect(() => destinationFromRequest({ kind: 'table', accountName: 'contosoleads', accountKey: 'password1' })).toThrow(/not a storage account key/);
  });
});

describe('resolveAccess', () => {
  it('swaps a table SAS URL\'s host for the blob endpoint and knows it is scoped', () => {
    const { destination, secret } = destinationFromRequest({ kind: 'table', sasUrl: `https://contosoleads.table.core.windows.net/MarketplaceLeads?${SAS}` });
    const access = resolveAccess(destination, secret);
    expect(access).toMatchObject({
      accountName: 'contosoleads',
      tableEndpoint: 'https://contosoleads.table.core.windows.net',
      blobEndpoint: 'https://contosoleads.blob.core.windows.net',
      tableName: 'MarketplaceLeads',
      scopedSas: true,
    });
  });

  it('reads path-style (Azurite) SAS URLs', () => {
    const { destination, secret } = destinationFromRequest({ kind: 'table', sasUrl: `http://127.0.0.1:10002/devstoreaccount1/Leads?${SAS}` });
    expect(resolveAccess(destination, secret)).toMatchObject({ accountName: 'devstoreaccount1', tableEndpoint: 'http://127.0.0.1:10002/devstoreaccount1', tableName: 'Leads' });
  });

  it('uses a sovereign cloud suffix and explicit endpoints for a key', () => {
    const { destination, secret } = destinationFromRequest({ kind: 'table', accountName: 'contosoleads', accountKey: KEY, endpointSuffix: 'core.usgovcloudapi.net' });
    expect(resolveAccess(destination, secret).tableEndpoint).toBe('https://contosoleads.table.core.usgovcloudapi.net');
  });
});

describe('destinationId', () => {
  it('lower-cases table names but keeps blob paths as they are', () => {
    expect(destinationId('table', 'Contoso', 'MarketplaceLeads')).toBe('table:contoso/marketplaceleads');
    expect(destinationId('blob', 'contoso', 'leads', 'A/b')).toBe('blob:contoso/leads/A/b');
    expect(destinationId('blob', 'contoso', 'leads')).toBe('blob:contoso/leads');
  });
});
