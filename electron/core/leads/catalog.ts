/**
 * What the marketplace's lead codes mean, from Microsoft's lead-management docs (see shared/LEADS.md).
 * Unknown codes are never rejected: callers fall back to showing the code itself.
 */

export interface CodeInfo {
  readonly label: string;
  readonly meaning: string;
}

export const LEAD_SOURCES: Readonly<Record<string, CodeInfo>> = {
  AzureMarketplace: {
    label: 'Azure Marketplace',
    meaning: 'The customer came through the Azure Marketplace website.',
  },
  AzurePortal: {
    label: 'Azure portal',
    meaning: 'The customer came through the marketplace inside the Azure portal.',
  },
  SPZA: {
    label: 'AppSource',
    meaning: 'The customer came through Microsoft AppSource (internally called SPZA).',
  },
  TestDrive: {
    label: 'Test Drive',
    meaning: 'The customer came through a Test Drive of the offer.',
  },
};

export const LEAD_ACTIONS: Readonly<Record<string, CodeInfo>> = {
  INS: {
    label: 'Installed',
    meaning:
      'The customer pressed "Get it now" (installation); the marketplace also uses this code for "Free trial".',
  },
  PLT: {
    label: 'Contact me',
    meaning: 'Partner-led trial: the customer pressed "Contact me" on AppSource and expects you to reach out.',
  },
  DNC: {
    label: 'Do not contact',
    meaning:
      'A cross-listed partner\'s lead shared with you as a heads-up only: do not contact this customer.',
  },
  Create: {
    label: 'Purchased',
    meaning: 'The customer created (purchased) the offer in the Azure portal.',
  },
  StartTestDrive: {
    label: 'Test drive started',
    meaning: 'The customer started a Test Drive of the offer.',
  },
};

export interface KnownCode {
  readonly code: string;
  readonly info: CodeInfo;
}

/** Codes are matched case-insensitively because the marketplace's casing is not documented as stable. */
function indexByLowerCase(table: Readonly<Record<string, CodeInfo>>): ReadonlyMap<string, KnownCode> {
  return new Map(Object.entries(table).map(([code, info]) => [code.toLowerCase(), { code, info }]));
}

const SOURCES_BY_LOWER_CASE = indexByLowerCase(LEAD_SOURCES);
const ACTIONS_BY_LOWER_CASE = indexByLowerCase(LEAD_ACTIONS);

export function describeSource(code: string): KnownCode | null {
  return SOURCES_BY_LOWER_CASE.get(code.trim().toLowerCase()) ?? null;
}

export function describeAction(code: string): KnownCode | null {
  return ACTIONS_BY_LOWER_CASE.get(code.trim().toLowerCase()) ?? null;
}

/** What the window and the filters call a source code: its name when known, else the code; "(none)" for none. */
export function sourceLabel(code: string): string {
  return describeSource(code)?.info.label ?? (code || '(none)');
}

/** What the window and the filters call an action code, the same way. */
export function actionLabel(code: string): string {
  return describeAction(code)?.info.label ?? (code || '(none)');
}
