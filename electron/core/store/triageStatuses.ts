/** The triage states a lead moves through; kept apart so the window's code can share it without SQLite. */
export const TRIAGE_STATUSES = ['new', 'contacted', 'qualified', 'disqualified'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];
