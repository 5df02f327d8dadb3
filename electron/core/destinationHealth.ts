import type { Problem } from './azure/problems';

/**
 * Ways a destination goes quiet before anyone notices: Microsoft does not resend a lead it could not
 * deliver, so each is said while there is still time to act, with what to do.
 */
export type HealthCode = 'sas-expired' | 'sas-expiring' | 'no-recent-leads' | 'syncs-failing' | 'delivery-unchecked';

export interface HealthWarning {
  readonly code: HealthCode;
  /** 'problem': leads are being lost or cannot be read now; 'warning': they soon may be. */
  readonly severity: 'problem' | 'warning';
  readonly message: string;
  readonly fix: string;
}

export interface HealthInput {
  /** When the destination's SAS expires (`se`), null for an account key or a SAS without one. */
  readonly sasExpiresOn: string | null;
  /** The newest lead of the destination, test leads included (received time). */
  readonly newestLeadAt: string | null;
  /** The newest Microsoft test lead (the delivery check Partner Center's Validate button sends). */
  readonly newestTestLeadAt: string | null;
  /** When the destination was added: a new one is not "quiet" before the threshold has passed. */
  readonly addedAt: string | null;
  /** Warn when no lead has arrived for this many days; 0 turns the check off. */
  readonly quietDays: number;
  /** When the user last changed the offer (its lead settings), if they said. */
  readonly offerChangedAt: string | null;
  readonly failures: number;
  readonly lastProblem: Problem | null;
}

export const SAS_WARNING_DAYS = 14;
/** One failed sync may be a train without Wi-Fi; three in a row is a destination that stopped working. */
export const FAILURES_BEFORE_WARNING = 3;
export const DEFAULT_QUIET_DAYS = 30;

const DAY_MS = 86_400_000;
const VALIDATE =
  'In Partner Center, open the offer > Customer leads, check the destination\'s details and press Validate: a test lead should arrive within minutes (it shows as the latest test lead here).';
const NEW_SAS =
  'Create a new SAS (storage account > Shared access signature, or the table or container > Generate SAS) with Read and List and a later expiry, then update this destination with it (Destinations > Update).';

const day = (iso: string) => iso.slice(0, 10);
const time = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

/** What needs the publisher's attention about one destination, most urgent first; empty when all is well. */
export function destinationHealth(input: HealthInput, now: number = Date.now()): HealthWarning[] {
  const warnings: HealthWarning[] = [];
  const expires = time(input.sasExpiresOn);
  if (!Number.isNaN(expires)) {
    const days = Math.ceil((expires - now) / DAY_MS);
    if (expires <= now) {
      warnings.push({ code: 'sas-expired', severity: 'problem', message: `The SAS expired on ${day(input.sasExpiresOn!)}: nothing can be synced until it is replaced.`, fix: NEW_SAS });
    } else if (days <= SAS_WARNING_DAYS) {
      warnings.push({
        code: 'sas-expiring',
        severity: 'warning',
        message: `The SAS expires on ${day(input.sasExpiresOn!)}, in ${days} ${days === 1 ? 'day' : 'days'}.`,
        fix: `${NEW_SAS} Leads written after it expires wait in Azure until then.`,
      });
    }
  }
  if (input.failures >= FAILURES_BEFORE_WARNING && input.lastProblem) {
    warnings.push({ code: 'syncs-failing', severity: 'problem', message: `The last ${input.failures} syncs failed: ${input.lastProblem.message}`, fix: input.lastProblem.fix });
  }
  if (input.quietDays > 0) {
    const since = Number.isNaN(time(input.newestLeadAt)) ? time(input.addedAt) : time(input.newestLeadAt);
    const quietFor = Math.floor((now - since) / DAY_MS);
    if (!Number.isNaN(since) && quietFor >= input.quietDays) {
      warnings.push({
        code: 'no-recent-leads',
        severity: 'warning',
        message: input.newestLeadAt
          ? `No lead, not even a test lead, has arrived for ${quietFor} days (the last on ${day(input.newestLeadAt)}).`
          : `No lead has arrived since this destination was added ${quietFor} days ago.`,
        fix: `If you expected leads, check that they still reach this destination. ${VALIDATE}`,
      });
    }
  }
  const changed = time(input.offerChangedAt);
  if (!Number.isNaN(changed) && !(time(input.newestTestLeadAt) >= changed)) {
    warnings.push({
      code: 'delivery-unchecked',
      severity: 'warning',
      message: input.newestTestLeadAt
        ? `The offer changed on ${day(input.offerChangedAt!)}; the latest test lead is older (${day(input.newestTestLeadAt)}), so delivery has not been checked since.`
        : `The offer changed on ${day(input.offerChangedAt!)} and no test lead has ever arrived, so delivery has never been checked.`,
      fix: VALIDATE,
    });
  }
  return warnings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'problem' ? -1 : 1));
}
