import { DestinationProblem, problem, type Problem } from './problems';

/** What a shared access signature allows, read from its query parameters (nothing is verified here). */
export interface SasInfo {
  readonly token: string;
  readonly permissions: string;
  readonly startsOn: Date | null;
  readonly expiresOn: Date | null;
  /** Account SAS only: services (`t` table, `b` blob) and resource types (`s`, `c`, `o`). */
  readonly services: string | null;
  readonly resourceTypes: string | null;
  readonly isAccountSas: boolean;
}

const HOW_TO_MAKE =
  'Create a new SAS in the Azure portal (storage account > Shared access signature, or the table/container ' +
  '> Generate SAS) with Read and List permissions and an expiry date far enough ahead.';

function date(value: string | null): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function parseSasToken(input: string): SasInfo {
  const token = input.trim().replace(/^\?/, '');
  const params = new URLSearchParams(token);
  if (!params.get('sig') || !params.get('sv')) {
    throw new DestinationProblem(
      problem('malformed-sas', 'This is not a shared access signature (it has no sv= and sig= parts).', HOW_TO_MAKE),
    );
  }
  return {
    token,
    permissions: params.get('sp') ?? '',
    startsOn: date(params.get('st')),
    expiresOn: date(params.get('se')),
    services: params.get('ss'),
    resourceTypes: params.get('srt'),
    isAccountSas: params.has('ss') || params.has('srt'),
  };
}

/** A SAS URL pasted from the portal: the resource URL and its token. */
export function splitSasUrl(input: string): { resourceUrl: URL; token: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new DestinationProblem(problem('malformed-sas', 'The SAS URL is not a URL.', HOW_TO_MAKE));
  }
  const token = url.search.replace(/^\?/, '');
  url.search = '';
  url.hash = '';
  return { resourceUrl: url, token };
}

function formatDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Checks, before any request, what can be known from the token alone: the validity window and whether
 * it grants reading and listing. `needs` are the SAS permission letters the operation requires.
 */
export function checkSas(info: SasInfo, needs: readonly ('r' | 'l')[], now = new Date()): Problem | null {
  if (info.expiresOn && info.expiresOn <= now) {
    return problem(
      'sas-expired',
      `The shared access signature expired on ${formatDate(info.expiresOn)}.`,
      `${HOW_TO_MAKE} Then update this destination with it.`,
    );
  }
  if (info.startsOn && info.startsOn > now) {
    return problem(
      'sas-not-yet-valid',
      `The shared access signature is not valid before ${formatDate(info.startsOn)}.`,
      'Wait until then, or create a SAS whose start time is now (check that this computer\'s clock is right).',
    );
  }
  const missing = needs.filter((letter) => !info.permissions.includes(letter));
  if (missing.length > 0) {
    const names = missing.map((l) => (l === 'r' ? 'Read' : 'List')).join(' and ');
    return problem(
      'sas-missing-permission',
      `The shared access signature does not grant ${names} (it grants "${info.permissions || 'nothing'}").`,
      HOW_TO_MAKE,
    );
  }
  return null;
}
