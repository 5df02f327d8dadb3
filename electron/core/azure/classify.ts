import { checkSas } from './sas';
import type { ResolvedAccess } from './destination';
import { DestinationProblem, problem, type Problem } from './problems';

interface ErrorShape {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  details?: { errorCode?: string };
  cause?: unknown;
}

const NETWORK_DOWN = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ENETDOWN']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** Node's codes for a server certificate it does not trust (or that does not fit the host). */
const UNTRUSTED = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE|CERT_REVOKED)$/;

/** The certificate error's code, wherever the SDK wrapped it. */
function certificateCode(error: ErrorShape, depth = 0): string | undefined {
  if (error.code && UNTRUSTED.test(error.code)) return error.code;
  const fromMessage = /\b(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|CERT_HAS_EXPIRED|ERR_TLS_CERT_ALTNAME_INVALID)\b/.exec(error.message ?? '')?.[1];
  if (fromMessage) return fromMessage;
  if (/self[- ]signed certificate|unable to (verify|get local issuer)/i.test(error.message ?? '')) return 'UNTRUSTED_CERTIFICATE';
  if (error.cause && depth < 3) return certificateCode(error.cause as ErrorShape, depth + 1);
  return undefined;
}

/** The system error code, which the SDKs sometimes wrap once or twice. */
function systemCode(error: ErrorShape, depth = 0): string | undefined {
  if (error.code && /^E[A-Z]+$|^UND_ERR/.test(error.code)) return error.code;
  const fromMessage = /\b(E[A-Z]{4,}|EAI_AGAIN)\b/.exec(error.message ?? '')?.[1];
  if (fromMessage) return fromMessage;
  if (error.cause && depth < 3) return systemCode(error.cause as ErrorShape, depth + 1);
  return undefined;
}

/** True for failures worth retrying: the service was busy or the connection dropped. */
export function isTransient(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  if (e.name === 'AbortError' || certificateCode(e)) return false;
  if (e.statusCode !== undefined) return e.statusCode === 408 || e.statusCode === 429 || e.statusCode >= 500;
  const code = systemCode(e);
  return code !== undefined || e.code === 'REQUEST_SEND_ERROR';
}

function serviceCode(error: ErrorShape): string {
  return error.details?.errorCode ?? (error.code && !/^E[A-Z]+$/.test(error.code) ? error.code : '') ?? '';
}

function resourceLabel(access: ResolvedAccess, kind: 'table' | 'blob'): string {
  return kind === 'table' ? `table "${access.tableName}"` : `container "${access.container}"`;
}

/**
 * Turns whatever an Azure SDK call threw into a Problem that says what happened and what to do. The text
 * is built here from codes, never copied from the request, so no secret can leak into it.
 */
export function classifyError(error: unknown, access: ResolvedAccess, kind: 'table' | 'blob'): Problem {
  if (error instanceof DestinationProblem) return error.problem;
  const e = (error ?? {}) as ErrorShape;
  const host = new URL(kind === 'table' ? access.tableEndpoint : access.blobEndpoint).host;
  const code = serviceCode(e);
  const status = e.statusCode;
  const message = e.message ?? '';

  if (e.name === 'AbortError' || e.name === 'TimeoutError' || TIMED_OUT.has(systemCode(e) ?? '')) {
    return problem('timeout', `${host} did not answer in time.`, 'Check your internet connection and try again; if it persists, the storage account may be behind a slow proxy or VPN.', { detail: systemCode(e) ?? e.name });
  }
  const untrusted = status === undefined ? certificateCode(e) : undefined;
  if (untrusted) {
    return problem(
      'untrusted-certificate',
      `The network's certificate for ${host} is not trusted (${untrusted}): something between this computer and Azure, such as a company proxy or security software that inspects HTTPS, answered with a certificate of its own.`,
      'Ask your IT department for the company\'s root certificate. The desktop app trusts the certificates in this computer\'s certificate store (Keychain Access, the Windows certificate store, /etc/ssl on Linux): add it there. For the lead-inbox command line, point NODE_EXTRA_CA_CERTS to it (a PEM file), and set HTTPS_PROXY if your network needs a proxy.',
      { detail: untrusted },
    );
  }
  if (status === undefined) {
    const sys = systemCode(e);
    if (sys === 'ENOTFOUND') {
      return problem(
        'account-not-found',
        `The storage account "${access.accountName}" was not found (${host} does not exist).`,
        'Check the account name in the connection string; copy it again from the Azure portal (storage account > Access keys).',
        { detail: sys },
      );
    }
    if (sys && NETWORK_DOWN.has(sys)) {
      return problem('offline', `Could not reach ${host} (${sys}).`, 'Check that this computer is online and that no firewall or proxy blocks it, then try again. Your archive is still available offline.', { detail: sys });
    }
    return problem('unknown', `Could not talk to ${host}: ${message.slice(0, 200)}`, 'Try again; if it persists, check the destination settings.', { detail: sys ?? e.code });
  }

  const authenticationFailed = code === 'AuthenticationFailed' || /failed to authenticate/i.test(message);
  if (status === 403 && authenticationFailed) {
    if (access.credential.kind === 'sas') {
      const local = checkSas(access.credential.sas, []);
      if (local) return { ...local, detail: code };
      return problem(
        'sas-invalid',
        'Azure Storage rejected the shared access signature (its signature does not match: the key it was made with may have been rotated).',
        'Create a new SAS with Read and List permissions and update this destination.',
        { detail: code },
      );
    }
    return problem(
      'wrong-key',
      `Azure Storage rejected the account key for "${access.accountName}".`,
      'The key is wrong or was rotated. Copy key1 or key2 again from the Azure portal (storage account > Security + networking > Access keys).',
      { detail: code },
    );
  }
  if (status === 403 && /^Authorization(Permission|ResourceType|Service)Mismatch$/.test(code)) {
    return problem(
      'sas-missing-permission',
      `The credential may not read the ${resourceLabel(access, kind)} (${code}).`,
      'Use a SAS (or account key) that grants Read and List on this table or container.',
      { detail: code },
    );
  }
  if (status === 403) {
    return problem(
      'firewall',
      `Azure Storage refused the request to ${host} (${code || 'AuthorizationFailure'}): the storage account's firewall blocks this computer.`,
      'In the Azure portal, open the storage account > Networking and add this computer\'s IP address, or allow access from all networks. Note that a firewall also stops the marketplace from delivering leads.',
      { detail: code },
    );
  }
  if (status === 404 && kind === 'table' && (code === 'TableNotFound' || code === 'ResourceNotFound')) {
    return problem('table-not-found', `The table "${access.tableName}" does not exist in "${access.accountName}".`, 'Check the table name; the marketplace creates it (usually MarketplaceLeads) when the first lead arrives.', { detail: code });
  }
  if (status === 404 && kind === 'blob' && (code === 'ContainerNotFound' || code === 'ResourceNotFound')) {
    return problem('container-not-found', `The container "${access.container}" does not exist in "${access.accountName}".`, 'Check the container name in the Azure portal (storage account > Containers).', { detail: code });
  }
  if (status >= 500 || status === 429 || status === 408) {
    return problem('service-error', `Azure Storage had a problem answering (${status} ${code}).`, 'This is usually temporary: try again in a few minutes.', { detail: code });
  }
  return problem('unknown', `Azure Storage answered ${status} ${code}.`, 'Check the destination settings and try again.', { detail: code });
}
