/**
 * Every way a lead destination can fail, with what the user should do about it. Modelled on the
 * error -> cause -> fix table of Microsoft's lead-management page (shared/reference).
 */

export const PROBLEM_CODES = [
  'malformed-connection-string',
  'malformed-sas',
  'account-not-found',
  'wrong-key',
  'sas-invalid',
  'sas-expired',
  'sas-not-yet-valid',
  'sas-missing-permission',
  'table-not-found',
  'container-not-found',
  'firewall',
  'timeout',
  'offline',
  // Not a failure: the computer is offline (or just woke up and its network is not back yet); the sync runs once it is.
  'waiting-for-network',
  // Something on the way (a company proxy, security software inspecting HTTPS) showed a certificate this computer does not trust.
  'untrusted-certificate',
  'service-error',
  'unknown',
  // Not the destination's fault: the local archive could not be written (a full disk, a size limit).
  'archive-write-failed',
  // Not a fault: another program (the app, a cron watch) is syncing the same destination into this archive.
  'syncing-elsewhere',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  readonly code: ProblemCode;
  /** What went wrong, in the user's terms. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** For table-not-found: the tables that do exist, likeliest first. */
  readonly suggestions?: readonly string[];
  /** The service's own error code or the system error code, for support. */
  readonly detail?: string;
}

/** A problem that ends an operation; the CLI maps it to exit code 3. */
export class DestinationProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.message} ${problem.fix}`);
    this.name = 'DestinationProblem';
  }
}

export function problem(code: ProblemCode, message: string, fix: string, extra: Partial<Problem> = {}): Problem {
  return { code, message, fix, ...extra };
}
