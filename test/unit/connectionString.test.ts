import { describe, expect, it } from 'vitest';
import { accountNameFromEndpoint, parseConnectionString } from '../../electron/core/azure/connectionString';
import { DestinationProblem } from '../../electron/core/azure/problems';

const KEY = Buffer.alloc(64, 1).toString('base64');

function problemOf(input: string) {
  try {
    parseConnectionString(input);
  } catch (error) {
    if (error instanceof DestinationProblem) return error.problem;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('parseConnectionString', () => {
  it('reads the portal\'s connection string', () => {
    expect(parseConnectionString(`DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=${KEY};EndpointSuffix=core.windows.net`)).toEqual({
      accountName: 'contosoleads',
      tableEndpoint: 'https://contosoleads.table.core.windows.net',
      blobEndpoint: 'https://contosoleads.blob.core.windows.net',
      credential: { kind: 'key', accountKey: KEY },
    });
  });

  it('tolerates quotes, spaces, a trailing semicolon and any case of part names', () => {
    const account = parseConnectionString(` "defaultendpointsprotocol=https; accountname=contosoleads ;ACCOUNTKEY=${KEY};" `);
    expect(account.accountName).toBe('contosoleads');
    expect(account.credential).toEqual({ kind: 'key', accountKey: KEY });
  });

  it('uses a sovereign cloud\'s endpoint suffix', () => {
    const account = parseConnectionString(`AccountName=contosoleads;AccountKey=${KEY};EndpointSuffix=core.chinacloudapi.cn`);
    expect(account.tableEndpoint).toBe('https://contosoleads.table.core.chinacloudapi.cn');
  });

  it('maps UseDevelopmentStorage=true to Azurite\'s default ports and account', () => {
    const account = parseConnectionString('UseDevelopmentStorage=true');
    expect(account).toMatchObject({ accountName: 'devstoreaccount1', tableEndpoint: 'http://127.0.0.1:10002/devstoreaccount1', blobEndpoint: 'http://127.0.0.1:10000/devstoreaccount1' });
  });

  it('takes explicit endpoints, and a SAS instead of a key', () => {
    const account = parseConnectionString('TableEndpoint=https://contosoleads.table.core.windows.net/;SharedAccessSignature=?sv=2020-08-04&sig=abc');
    expect(account).toEqual({
      accountName: 'contosoleads',
      tableEndpoint: 'https://contosoleads.table.core.windows.net',
      blobEndpoint: 'https://contosoleads.blob.core.windows.net',
      credential: { kind: 'sas', token: 'sv=2020-08-04&sig=abc' },
    });
    expect(parseConnectionString(`AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1`).tableEndpoint).toBe('http://127.0.0.1:10002/devstoreaccount1');
  });

  it.each([
    ['', /empty/],
    ['AccountName=contosoleads;AccountKey', /part without a name/],
    [`AccountName=contosoleads;AcountKey=${KEY}`, /unknown part "AcountKey"/],
    [`AccountName=Contoso_Leads;AccountKey=${KEY}`, /not a storage account name/],
    [`AccountKey=${KEY}`, /no AccountName/],
    ['AccountName=contosoleads;AccountKey=not-a-key', /AccountKey is not a storage account key/],
    ['AccountName=contosoleads', /neither an AccountKey nor a SharedAccessSignature/],
    [`DefaultEndpointsProtocol=ftp;AccountName=contosoleads;AccountKey=${KEY}`, /must be https/],
    [`AccountName=contosoleads;AccountKey=${KEY};TableEndpoint=not a url`, /TableEndpoint is not a URL/],
  ])('names the faulty part of %j', (input, message) => {
    const problem = problemOf(input);
    expect(problem.code).toBe('malformed-connection-string');
    expect(problem.message).toMatch(message);
    expect(problem.fix).toMatch(/Access keys/);
  });

  it('never echoes the key in its messages', () => {
    const problem = problemOf(`AccountName=Bad_Name;AccountKey=${KEY}`);
    expect(`${problem.message} ${problem.fix}`).not.toContain(KEY);
  });
});

describe('accountNameFromEndpoint', () => {
  it('reads host-style and path-style endpoints', () => {
    expect(accountNameFromEndpoint('https://contosoleads.table.core.windows.net')).toBe('contosoleads');
    expect(accountNameFromEndpoint('http://127.0.0.1:10002/devstoreaccount1')).toBe('devstoreaccount1');
    expect(accountNameFromEndpoint('http://localhost:10002/devstoreaccount1')).toBe('devstoreaccount1');
  });
});
