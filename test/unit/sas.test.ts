import { describe, expect, it } from 'vitest';
import { DestinationProblem } from '../../electron/core/azure/problems';
import { checkSas, parseSasToken, splitSasUrl } from '../../electron/core/azure/sas';

const NOW = new Date('2026-06-01T12:00:00Z');
const token = (params: Record<string, string>) => new URLSearchParams({ sv: '2019-02-02', sig: 'c2lnbmF0dXJl', ...params }).toString();

describe('parseSasToken', () => {
  it('reads a table SAS', () => {
    expect(parseSasToken(`?${token({ tn: 'MarketplaceLeads', sp: 'r', st: '2026-01-01T00:00:00Z', se: '2027-01-01T00:00:00Z' })}`)).toMatchObject({
      permissions: 'r',
      startsOn: new Date('2026-01-01T00:00:00Z'),
      expiresOn: new Date('2027-01-01T00:00:00Z'),
      isAccountSas: false,
      services: null,
    });
  });

  it('recognises an account SAS by its services and resource types', () => {
    expect(parseSasToken(token({ ss: 'bt', srt: 'sco', sp: 'rl' }))).toMatchObject({ isAccountSas: true, services: 'bt', resourceTypes: 'sco', permissions: 'rl' });
  });

  it('refuses a string that is not a SAS', () => {
    expect(() => parseSasToken('sp=r&se=2027-01-01')).toThrow(DestinationProblem);
    // Not a try/catch: a parse that does not throw must fail this test too.
    expect(() => parseSasToken('hello')).toThrow(expect.objectContaining({ problem: expect.objectContaining({ code: 'malformed-sas' }) }));
  });
});

describe('splitSasUrl', () => {
  it('splits the resource URL from its token', () => {
    const { resourceUrl, token: t } = splitSasUrl(' https://contoso.table.core.windows.net/MarketplaceLeads?sv=1&sig=2 ');
    expect(resourceUrl.toString()).toBe('https://contoso.table.core.windows.net/MarketplaceLeads');
    expect(t).toBe('sv=1&sig=2');
  });

  it('refuses what is not a URL', () => {
    expect(() => splitSasUrl('sv=1&sig=2')).toThrow(/not a URL/);
  });
});

describe('checkSas', () => {
  it('accepts a read+list SAS inside its window', () => {
    expect(checkSas(parseSasToken(token({ sp: 'rl', st: '2026-05-01T00:00:00Z', se: '2026-07-01T00:00:00Z' })), ['r', 'l'], NOW)).toBeNull();
  });

  it('says when it expired, to the second', () => {
    const problem = checkSas(parseSasToken(token({ sp: 'rl', se: '2026-05-31T08:30:00Z' })), ['r'], NOW);
    expect(problem).toMatchObject({ code: 'sas-expired', message: 'The shared access signature expired on 2026-05-31T08:30:00Z.' });
    expect(problem?.fix).toMatch(/Read and List/);
  });

  it('says when it starts', () => {
    expect(checkSas(parseSasToken(token({ sp: 'rl', st: '2026-06-02T00:00:00Z' })), ['r'], NOW)).toMatchObject({
      code: 'sas-not-yet-valid',
      message: 'The shared access signature is not valid before 2026-06-02T00:00:00Z.',
    });
  });

  it('names the missing rights', () => {
    expect(checkSas(parseSasToken(token({ sp: 'r' })), ['r', 'l'], NOW)?.message).toMatch(/does not grant List \(it grants "r"\)/);
    expect(checkSas(parseSasToken(token({ sp: 'a' })), ['r', 'l'], NOW)?.message).toMatch(/does not grant Read and List/);
    expect(checkSas(parseSasToken(token({})), ['r'], NOW)?.message).toMatch(/grants "nothing"/);
  });
});
