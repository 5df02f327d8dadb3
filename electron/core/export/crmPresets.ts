/**
 * Hand-off files for CRMs' own import wizards: each target's exact header names, its required fields filled
 * visibly, its field lengths and file limits, and everything the marketplace sent that the target has no
 * field for kept in one details field. Sources for every name and limit: shared/CRM.md.
 */
import { describeAction, describeSource } from '../leads';
import { RECORD_FIELDS, type CellValue, type ExportColumn, type ExportRecord } from './columns';

export const CRM_TARGETS = ['salesforce', 'dynamics', 'marketo', 'hubspot'] as const;
export type CrmTarget = (typeof CRM_TARGETS)[number];

/** Why a lead is left out of a hand-off by default, in the order the rules are applied. */
export const LEFT_OUT_REASONS = ['test', 'doNotContact', 'noPersonalData', 'noEmail'] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export const LEFT_OUT_LABELS: Readonly<Record<LeftOutReason, string>> = {
  test: "Microsoft's test leads (MSFT_TEST)",
  doNotContact: 'do-not-contact leads (a partner\'s customer, shared as a heads-up only)',
  noPersonalData: 'leads without personal data (.edu customers)',
  noEmail: 'leads without an email address (the target matches people by email)',
};

/** Kinds of lead a user may ask to keep in a hand-off anyway. */
export interface HandOffInclude {
  readonly test?: boolean;
  readonly doNotContact?: boolean;
  readonly noPersonalData?: boolean;
}

/** Salesforce's own Web-to-Lead placeholder for a required field left empty. */
export const PLACEHOLDER = '[not provided]';

type Field = 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'title' | 'country' | 'details' | 'leadSource' | 'topic' | 'emailOptOut';

interface PresetColumn {
  readonly header: string;
  readonly field: Field;
  /** Longest text the target accepts; longer values are cut and counted. Emails are never cut. */
  readonly maxLength?: number;
  /** The target rejects a lead without it: an empty value gets PLACEHOLDER, counted. */
  readonly required?: boolean;
}

export interface CrmPreset {
  readonly target: CrmTarget;
  /** The product and its import tool, as the user knows them. */
  readonly label: string;
  readonly columns: readonly PresetColumn[];
  /** Rows a file may hold (header not counted). */
  readonly maxRows?: number;
  /** Bytes a file may hold, header and byte-order mark included. */
  readonly maxBytes: number;
  /** Rows without an email address cannot be imported (the target matches people by email). */
  readonly needsEmail: boolean;
  /** Microsoft's import reads UTF-8 by its byte-order mark; the others take the encoding as chosen in the wizard. */
  readonly bom: boolean;
}

const MB = 1024 * 1024;

export const CRM_PRESETS: Readonly<Record<CrmTarget, CrmPreset>> = {
  salesforce: {
    target: 'salesforce',
    label: 'Salesforce (Data Import Wizard, Leads)',
    columns: [
      { header: 'First Name', field: 'firstName', maxLength: 40 },
      { header: 'Last Name', field: 'lastName', maxLength: 80, required: true },
      { header: 'Company', field: 'company', maxLength: 255, required: true },
      { header: 'Email', field: 'email' },
      { header: 'Phone', field: 'phone', maxLength: 40 },
      { header: 'Title', field: 'title', maxLength: 128 },
      { header: 'Country', field: 'country', maxLength: 80 },
      { header: 'Lead Source', field: 'leadSource', maxLength: 255 },
      { header: 'Email Opt Out', field: 'emailOptOut' },
      { header: 'Description', field: 'details', maxLength: 32_000 },
    ],
    maxRows: 50_000,
    maxBytes: 100 * MB,
    needsEmail: false,
    bom: false,
  },
  dynamics: {
    target: 'dynamics',
    label: 'Dynamics 365 Sales (Import from CSV, Lead)',
    columns: [
      { header: 'Topic', field: 'topic', maxLength: 300, required: true },
      { header: 'First Name', field: 'firstName', maxLength: 50 },
      { header: 'Last Name', field: 'lastName', maxLength: 50, required: true },
      { header: 'Company Name', field: 'company', maxLength: 100, required: true },
      { header: 'Email', field: 'email' },
      { header: 'Business Phone', field: 'phone', maxLength: 50 },
      { header: 'Job Title', field: 'title', maxLength: 100 },
      { header: 'Country/Region', field: 'country', maxLength: 80 },
      { header: 'Description', field: 'details', maxLength: 2_000 },
    ],
    maxBytes: 8 * MB,
    needsEmail: false,
    bom: true,
  },
  marketo: {
    target: 'marketo',
    label: 'Marketo Engage (Import a list of people)',
    columns: [
      { header: 'Email Address', field: 'email' },
      { header: 'First Name', field: 'firstName', maxLength: 255 },
      { header: 'Last Name', field: 'lastName', maxLength: 255 },
      { header: 'Company Name', field: 'company', maxLength: 255 },
      { header: 'Job Title', field: 'title', maxLength: 255 },
      { header: 'Phone Number', field: 'phone', maxLength: 255 },
      { header: 'Country', field: 'country', maxLength: 255 },
      { header: 'Lead Source', field: 'leadSource', maxLength: 255 },
      // Marketo has no standard description field: this column is mapped to a custom field, or ignored.
      { header: 'Marketplace Details', field: 'details', maxLength: 32_000 },
    ],
    maxBytes: 100 * MB,
    needsEmail: true,
    bom: false,
  },
  hubspot: {
    target: 'hubspot',
    label: 'HubSpot (Import contacts)',
    columns: [
      { header: 'First Name', field: 'firstName', maxLength: 65_536 },
      { header: 'Last Name', field: 'lastName', maxLength: 65_536 },
      { header: 'Email', field: 'email' },
      { header: 'Phone Number', field: 'phone', maxLength: 65_536 },
      { header: 'Company Name', field: 'company', maxLength: 65_536 },
      { header: 'Job Title', field: 'title', maxLength: 65_536 },
      { header: 'Country/Region', field: 'country', maxLength: 65_536 },
      // HubSpot's default "Message" contact property: the closest it has to a description.
      { header: 'Message', field: 'details', maxLength: 65_536 },
    ],
    // A free account's limit per file, the lowest of HubSpot's plans.
    maxBytes: 20 * MB,
    maxRows: 250_000,
    needsEmail: false,
    bom: false,
  },
};

export function isCrmTarget(value: unknown): value is CrmTarget {
  return typeof value === 'string' && (CRM_TARGETS as readonly string[]).includes(value);
}

/** The archive fields a hand-off reads: the default export's, then the raw lead source. */
export const HANDOFF_FIELD_COUNT = RECORD_FIELDS.indexOf('lead_source_raw') + 1;
const AT = Object.fromEntries(RECORD_FIELDS.map((name, i) => [name, i])) as Record<(typeof RECORD_FIELDS)[number], number>;
const field = (record: ExportRecord, name: (typeof RECORD_FIELDS)[number]) => String(record[AT[name]] ?? '');

/** What a hand-off left out (by reason) and had to change (by column header), for the summary. */
export interface HandOffTally {
  leftOut: Partial<Record<LeftOutReason, number>>;
  placeholders: Record<string, number>;
  cut: Record<string, number>;
}

export const emptyTally = (): HandOffTally => ({ leftOut: {}, placeholders: {}, cut: {} });

export function addTallies(into: HandOffTally, from: HandOffTally): HandOffTally {
  for (const kind of ['leftOut', 'placeholders', 'cut'] as const) {
    const target = into[kind] as Record<string, number>;
    for (const [key, count] of Object.entries(from[kind])) target[key] = (target[key] ?? 0) + (count ?? 0);
  }
  return into;
}

/** `Source-Action|Offer`, as the marketplace's own Salesforce connector sends it. */
function leadSourceText(record: ExportRecord): string {
  const raw = field(record, 'lead_source_raw');
  if (raw) return raw;
  const source = field(record, 'source');
  const action = field(record, 'action');
  const offer = field(record, 'offer');
  return source || action || offer ? `${source}-${action}|${offer}` : '';
}

function offerText(record: ExportRecord): string {
  const offer = field(record, 'offer');
  const name = field(record, 'offer_name');
  return name && name !== offer ? (offer ? `${name} (${offer})` : name) : offer;
}

function actionText(record: ExportRecord): string {
  const action = field(record, 'action');
  const label = action ? describeAction(action)?.info.label : undefined;
  return label ? `${label} (${action})` : action;
}

const factsByOffer = new Map<string, string>();

/**
 * The facts every lead of one offer, action and source shares: built once per combination, as they repeat.
 * The raw lead source is left out where the target has a column of its own for it.
 */
function offerFacts(record: ExportRecord, withLeadSource: boolean): string {
  const key = `${withLeadSource ? 1 : 0}\u0000${record[AT.offer]}\u0000${record[AT.offer_name]}\u0000${record[AT.action]}\u0000${record[AT.source]}\u0000${record[AT.lead_source_raw]}`;
  let facts = factsByOffer.get(key);
  if (facts === undefined) {
    const source = field(record, 'source');
    const lines: [string, string][] = [
      ['Offer', offerText(record)],
      ['Action', actionText(record)],
      ['Source', source ? (describeSource(source)?.info.label ?? source) : ''],
      ['Lead source', withLeadSource ? leadSourceText(record) : ''],
    ];
    facts = ['Microsoft commercial marketplace lead', ...lines.filter(([, value]) => value !== '').map(([name, value]) => `${name}: ${value}`)].join('\n');
    // Bounded, in case every lead of an archive names a different offer.
    if (factsByOffer.size >= 10_000) factsByOffer.clear();
    factsByOffer.set(key, facts);
  }
  return facts;
}

/**
 * What the marketplace sent beyond the contact fields, one fact a line, in a fixed order, so a CRM user
 * can read it and a later import can compare it. Empty facts are left out.
 */
function marketplaceFacts(record: ExportRecord, withLeadSource: boolean): string {
  const received = field(record, 'received_at');
  const facts = offerFacts(record, withLeadSource);
  return received ? `${facts}\nReceived: ${received.endsWith('.000Z') ? `${received.slice(0, -5)}Z` : received}` : facts;
}

const CUT_MARK = ' […]';

/**
 * The lead's own description first, then the marketplace facts. When the whole is too long the lead's
 * description is shortened, never the facts.
 */
function detailsText(record: ExportRecord, maxLength: number | undefined, withLeadSource: boolean): { text: string; cut: boolean } {
  const facts = marketplaceFacts(record, withLeadSource);
  const description = field(record, 'description');
  const whole = description ? `${description}\n\n${facts}` : facts;
  if (maxLength === undefined || whole.length <= maxLength) return { text: whole, cut: false };
  const room = maxLength - facts.length - 2 - CUT_MARK.length;
  if (room <= 0) return { text: cutText(facts, maxLength), cut: true };
  return { text: `${cutText(description, room)}${CUT_MARK}\n\n${facts}`, cut: true };
}

/** At most `length` UTF-16 units, never ending in half a surrogate pair. */
function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

function topicText(record: ExportRecord): string {
  const offer = field(record, 'offer_name') || field(record, 'offer');
  const action = field(record, 'action');
  const label = action ? (describeAction(action)?.info.label ?? action) : '';
  return ['Marketplace lead', offer, label].filter(Boolean).join(': ');
}

function rawValue(record: ExportRecord, name: Field): string {
  switch (name) {
    case 'firstName':
      return field(record, 'first_name');
    case 'lastName':
      return field(record, 'last_name');
    case 'company':
      return field(record, 'company');
    case 'email':
      return field(record, 'email');
    case 'phone':
      return field(record, 'phone');
    case 'title':
      return field(record, 'title');
    case 'country':
      return field(record, 'country');
    case 'leadSource':
      return leadSourceText(record);
    case 'topic':
      return topicText(record);
    case 'emailOptOut':
      return record[AT.do_not_contact] === 1 ? '1' : '0';
    case 'details':
      return '';
  }
}

/**
 * A phone number's characters only: such a cell cannot carry a formula, and an apostrophe in front of
 * `+44 20 …` would be imported into the CRM as part of the number.
 */
const PHONE_LIKE = /^[+\-(]?[\d\s().\-/]*$/;

/** The export columns of a preset; `tally` counts every placeholder and cut as rows are written. */
export function presetColumns(target: CrmTarget, tally: HandOffTally): ExportColumn[] {
  const withLeadSource = !CRM_PRESETS[target].columns.some((column) => column.field === 'leadSource');
  return CRM_PRESETS[target].columns.map((column): ExportColumn => {
    const count = (kind: 'placeholders' | 'cut') => (tally[kind][column.header] = (tally[kind][column.header] ?? 0) + 1);
    return {
      header: column.header,
      kind: 'text',
      neutralize: (value) => !PHONE_LIKE.test(value),
      value: (record): CellValue => {
        if (column.field === 'details') {
          const { text, cut } = detailsText(record, column.maxLength, withLeadSource);
          if (cut) count('cut');
          return text;
        }
        const value = rawValue(record, column.field).trim();
        if (value === '' && column.required) {
          count('placeholders');
          return PLACEHOLDER;
        }
        if (column.maxLength !== undefined && column.field !== 'email' && value.length > column.maxLength) {
          count('cut');
          return cutText(value, column.maxLength);
        }
        return value;
      },
    };
  });
}
