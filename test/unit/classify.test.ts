import { describe, expect, it } from 'vitest';
import { classifyError, isTransient } from '../../electron/core/azure/classify';
import { destinationFromRequest, resolveAccess, type ResolvedAccess } from '../../electron/core/azure/destination';
import { rankTableNames } from '../../electron/core/azure/tableNames';

const KEY = Buffer.alloc(64, 3).toString('base64');

function access(request: Parameters<typeof destinationFromRequest>[0]): ResolvedAccess {
  const { destination, secret } = destinationFromRequest(request);
  return resolveAccess(destination, secret);
}
const byKey = access({ kind: 'table', accountName: 'contosoleads', accountKey: KEY });
const bySas = access({ kind: 'table', sasUrl: 'https://contosoleads.table.core.windows.net/MarketplaceLeads?sv=2019-02-02&sp=r&se=2099-01-01T00:00:00Z&sig=x' });
const blob = access({ kind: 'blob', accountName: 'contosoleads', accountKey: KEY, container: 'leads' });

/** What the Azure SDKs throw: a RestError with the HTTP status and the service's error code. */
function restError(statusCode: number, errorCode: string, message = errorCode) {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, code: errorCode, details: { errorCode } });
}
function systemError(code: string) {
  return Object.assign(new Error(`getaddrinfo ${code} contosoleads.table.core.windows.net`), { name: 'RestError', code: 'REQUEST_SEND_ERROR', cause: Object.assign(new Error(code), { code }) });
}

describe('classifyError', () => {
  it.each([
    ['a DNS failure', systemError('ENOTFOUND'), byKey, 'table', 'account-not-found', /"contosoleads" was not found/],
    ['a refused connection', systemError('ECONNREFUSED'), byKey, 'table', 'offline', /Could not reach contosoleads\.table\.core\.windows\.net/],
    ['a connect timeout', systemError('ETIMEDOUT'), byKey, 'table', 'timeout', /did not answer in time/],
    ['an aborted request', Object.assign(new Error('aborted'), { name: 'AbortError' }), byKey, 'table', 'timeout', /did not answer/],
    ['a wrong key', restError(403, 'AuthenticationFailed'), byKey, 'table', 'wrong-key', /rejected the account key/],
    ['a SAS signed with a rotated key', restError(403, 'AuthenticationFailed'), bySas, 'table', 'sas-invalid', /signature does not match/],
    ['a SAS without the right', restError(403, 'AuthorizationPermissionMismatch'), bySas, 'table', 'sas-missing-permission', /may not read the table "MarketplaceLeads"/],
    ['the storage firewall', restError(403, 'AuthorizationFailure'), byKey, 'table', 'firewall', /firewall blocks this computer/],
    ['a missing table', restError(404, 'TableNotFound'), byKey, 'table', 'table-not-found', /"MarketplaceLeads" does not exist/],
    ['a missing container', restError(404, 'ContainerNotFound'), blob, 'blob', 'container-not-found', /"leads" does not exist/],
    ['a busy service', restError(503, 'ServerBusy'), byKey, 'table', 'service-error', /503 ServerBusy/],
    ['throttling', restError(429, 'TooManyRequests'), byKey, 'table', 'service-error', /429/],
    ['anything else', restError(409, 'Conflict'), byKey, 'table', 'unknown', /409 Conflict/],
  ] as const)('classifies %s', (_name, error, resolved, kind, code, message) => {
    const problem = classifyError(error, resolved, kind);
    expect(problem.code).toBe(code);
    expect(problem.message).toMatch(message);
    expect(problem.fix.length).toBeGreaterThan(20);
    expect(JSON.stringify(problem)).not.toContain(KEY);
  });

  it('never copies a signature from the error text', () => {
    const problem = classifyError(restError(403, 'AuthenticationFailed', 'Signature did not match. sig=c2VjcmV0'), bySas, 'table');
    expect(JSON.stringify(problem)).not.toContain('c2VjcmV0');
  });
});

describe('isTransient', () => {
  it('retries busy services and dropped connections, not refusals', () => {
    expect(isTransient(restError(503, 'ServerBusy'))).toBe(true);
    expect(isTransient(restError(500, 'InternalError'))).toBe(true);
    expect(isTransient(restError(429, 'TooManyRequests'))).toBe(true);
    expect(isTransient(systemError('ECONNRESET'))).toBe(true);
    expect(isTransient(restError(403, 'AuthenticationFailed'))).toBe(false);
    expect(isTransient(restError(404, 'TableNotFound'))).toBe(false);
    expect(isTransient(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
  });
});

describe('rankTableNames', () => {
  it('puts lead tables first, then the closest names', () => {
    expect(rankTableNames('MarketplaceLeads', ['AuditLog', 'MarketplaceLead', 'LeadsBackup', 'Marketplace'])).toEqual([
      'MarketplaceLead',
      'LeadsBackup',
      'Marketplace',
      'AuditLog',
    ]);
    expect(rankTableNames('MarketplaceLeads', [])).toEqual([]);
  });
});
