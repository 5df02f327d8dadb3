import { RECORD_FIELDS, type ExportRecord } from './columns';
import { CRM_PRESETS, LEFT_OUT_REASONS, type CrmTarget, type HandOffInclude, type HandOffTally, type LeftOutReason } from './crmPresets';

const AT = Object.fromEntries(RECORD_FIELDS.map((name, i) => [name, i])) as Record<(typeof RECORD_FIELDS)[number], number>;

const LEFT_OUT: Readonly<Record<LeftOutReason, (record: ExportRecord) => boolean>> = {
  test: (record) => record[AT.is_test] === 1,
  doNotContact: (record) => record[AT.do_not_contact] === 1,
  noPersonalData: (record) => record[AT.pii_withheld] === 1,
  noEmail: (record) => !record[AT.email],
};

/** The rules a hand-off applies: the defaults minus what the user asked to keep, and the target's own. */
export function activeRules(target: CrmTarget, include: HandOffInclude = {}): LeftOutReason[] {
  return LEFT_OUT_REASONS.filter((reason) => (reason === 'noEmail' ? CRM_PRESETS[target].needsEmail : include[reason] !== true));
}

/**
 * Whether a record goes into a hand-off; a record left out is counted in `tally` under the first rule that
 * left it out. Decided as rows are read, so the export reads the query's rows once and needs no count first.
 */
export function handOffFilter(target: CrmTarget, include: HandOffInclude | undefined, tally: HandOffTally): (record: ExportRecord) => boolean {
  const rules = activeRules(target, include).map((reason) => [reason, LEFT_OUT[reason]] as const);
  return (record) => {
    for (const [reason, leftOut] of rules) {
      if (leftOut(record)) {
        tally.leftOut[reason] = (tally.leftOut[reason] ?? 0) + 1;
        return false;
      }
    }
    return true;
  };
}
