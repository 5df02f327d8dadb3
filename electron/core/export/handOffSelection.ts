import type Database from 'better-sqlite3';
import { fromSql } from '../inbox/querySql';
import { CRM_PRESETS, LEFT_OUT_REASONS, type CrmTarget, type HandOffInclude, type LeftOutReason } from './crmPresets';

/** SQL true for a lead each rule leaves out. Literals only: no input reaches these. */
const RULE_SQL: Readonly<Record<LeftOutReason, string>> = {
  test: 'l.is_test = 1',
  doNotContact: 'l.do_not_contact = 1',
  noPersonalData: 'l.pii_withheld = 1',
  noEmail: "l.email = ''",
};

/** The rules a hand-off applies: the defaults minus what the user asked to keep, and the target's own. */
export function activeRules(target: CrmTarget, include: HandOffInclude = {}): LeftOutReason[] {
  return LEFT_OUT_REASONS.filter((reason) => {
    if (reason === 'noEmail') return CRM_PRESETS[target].needsEmail;
    return include[reason] !== true;
  });
}

/** The query's filter narrowed to the leads a hand-off keeps. */
export function keptSql(where: string, rules: readonly LeftOutReason[]): string {
  return [`(${where})`, ...rules.map((rule) => `NOT (${RULE_SQL[rule]})`)].join(' AND ');
}

export interface HandOffCounts {
  /** Leads the hand-off writes. */
  readonly kept: number;
  /** Leads left out, by the first rule that left each out. */
  readonly leftOut: Partial<Record<LeftOutReason, number>>;
}

/** Counts, in one pass over the query's leads, how many each rule leaves out and how many remain. */
export function countHandOff(db: Database.Database, where: string, params: readonly unknown[], rules: readonly LeftOutReason[]): HandOffCounts {
  const columns = rules.map((rule, i) => {
    const earlier = rules.slice(0, i).map((r) => ` AND NOT (${RULE_SQL[r]})`).join('');
    return `count(*) FILTER (WHERE ${RULE_SQL[rule]}${earlier}) AS ${rule}`;
  });
  const sql = `SELECT ${['count(*) AS total', ...columns].join(', ')} ${fromSql()} WHERE (${where})`;
  const row = db.prepare(sql).get(...params) as Record<string, number>;
  const leftOut: Partial<Record<LeftOutReason, number>> = {};
  let removed = 0;
  for (const rule of rules) {
    if (row[rule]! > 0) leftOut[rule] = row[rule]!;
    removed += row[rule]!;
  }
  return { kept: row.total! - removed, leftOut };
}
