/**
 * A local, explainable hint of how promising a lead is: 0–100 points from what the lead itself says (who
 * wrote, how reachable, what they asked for) and whether the same person is already qualified. Partner
 * Center rates nothing, so these weights are ours; docs/user-guide.md lists them.
 */
import freeMail from './freeMailDomains.json';

/** What the score looks at, all of it on the lead as archived. */
export interface QualityFacts {
  readonly emailKey: string;
  readonly phoneKey: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  readonly title: string;
  readonly action: string;
  readonly description: string;
  readonly isTest: boolean;
  readonly doNotContact: boolean;
}

export interface QualityReason {
  readonly points: number;
  /** The most this criterion gives, so a reason can say what was missed. */
  readonly of: number;
  readonly text: string;
}

export interface LeadQuality {
  readonly score: number;
  readonly hot: boolean;
  readonly reasons: readonly QualityReason[];
}

/** A lead at or above this score is a "hot lead". */
export const HOT_SCORE = 70;
/** Points for being another lead of a person (the same duplicate group) already marked qualified. */
export const QUALIFIED_DUPLICATE_POINTS = 10;

const FREE_MAIL: ReadonlySet<string> = new Set(freeMail.domains.map((domain) => domain.toLowerCase()));

/** True when the address (already normalized, see emailKey) is at a public mail provider. */
export function isFreeMail(emailKey: string): boolean {
  return FREE_MAIL.has(emailKey.slice(emailKey.lastIndexOf('@') + 1));
}

const ACTION_POINTS: Readonly<Record<string, readonly [number, string]>> = {
  PLT: [25, 'Asked to be contacted (Contact me)'],
  StartTestDrive: [20, 'Started a test drive'],
  Create: [20, 'Purchased the offer in the Azure portal'],
  INS: [5, 'Installed or started a free trial (Get it now)'],
};

/**
 * This version's scoring rules as text: an archive scored under other rules (another mail-provider list,
 * other weights) is scored again when opened (see store/qualityScores.ts). Bump `weights` when the points
 * in ownReasons change.
 */
export function qualityRules(): string {
  return JSON.stringify({ weights: 1, domains: [...FREE_MAIL].sort(), actions: ACTION_POINTS, duplicate: QUALIFIED_DUPLICATE_POINTS });
}

/** The marketplace fills Description with "Campaigns: …" or a blank; anything else is the customer's own words. */
export function hasCustomerNote(description: string): boolean {
  const text = description.trim();
  return text !== '' && !/^campaigns:/i.test(text);
}

function reason(points: number, of: number, text: string): QualityReason {
  return { points, of, text };
}

/** Every criterion of the lead's own data, met or missed. */
function ownReasons(facts: QualityFacts): QualityReason[] {
  if (facts.isTest) return [reason(0, 0, 'A Microsoft test lead (MSFT_TEST), not a customer')];
  if (facts.doNotContact) return [reason(0, 0, 'Do not contact: a cross-listed partner\'s lead, shared for information only')];
  const domain = facts.emailKey.slice(facts.emailKey.lastIndexOf('@') + 1);
  const [actionPoints, actionText] = ACTION_POINTS[facts.action] ?? [0, facts.action ? `Action ${facts.action} is not rated` : 'No action recorded'];
  return [
    facts.emailKey === ''
      ? reason(0, 25, 'No usable email address')
      : isFreeMail(facts.emailKey)
        ? reason(10, 25, `Email at a public mail provider (${domain})`)
        : reason(25, 25, `Business email domain (${domain})`),
    reason(actionPoints, 25, actionText),
    facts.phoneKey !== '' ? reason(10, 10, 'Phone number given') : reason(0, 10, 'No phone number'),
    facts.company.trim() !== '' ? reason(10, 10, 'Company given') : reason(0, 10, 'No company'),
    facts.title.trim() !== '' ? reason(5, 5, 'Job title given') : reason(0, 5, 'No job title'),
    facts.firstName.trim() !== '' && facts.lastName.trim() !== '' ? reason(5, 5, 'Full name given') : reason(0, 5, 'No full name'),
    hasCustomerNote(facts.description) ? reason(10, 10, 'Left a note in the description') : reason(0, 10, 'No note from the customer'),
  ];
}

/** The score from the lead's own data: what the archive stores with each lead. */
export function baseQuality(facts: QualityFacts): number {
  return ownReasons(facts).reduce((sum, { points }) => sum + points, 0);
}

/**
 * The score shown: the stored base, plus the points for a qualified duplicate. A lead scored 0 (a test
 * lead, do not contact) stays 0.
 */
export function qualityScore(base: number, qualifiedDuplicate: boolean): number {
  return Math.min(100, base + (base > 0 && qualifiedDuplicate ? QUALIFIED_DUPLICATE_POINTS : 0));
}

/** The score with every reason, for the detail pane. */
export function explainQuality(facts: QualityFacts, qualifiedDuplicate: boolean): LeadQuality {
  const reasons = ownReasons(facts);
  const base = reasons.reduce((sum, { points }) => sum + points, 0);
  if (base > 0) {
    reasons.push(
      qualifiedDuplicate
        ? reason(QUALIFIED_DUPLICATE_POINTS, QUALIFIED_DUPLICATE_POINTS, 'Another lead of this person is already qualified')
        : reason(0, QUALIFIED_DUPLICATE_POINTS, 'No other lead of this person is qualified'),
    );
  }
  const score = qualityScore(base, qualifiedDuplicate);
  return { score, hot: score >= HOT_SCORE, reasons };
}
