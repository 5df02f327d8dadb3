import { describeSource, type JsonValue } from '../leads';

/** The archive fields an export reads, in the order of the export query's columns. */
export const RECORD_FIELDS = [
  'received_at', 'first_name', 'last_name', 'email', 'phone', 'company', 'title', 'country', 'source', 'action', 'offer',
  'offer_name', 'description', 'is_test', 'do_not_contact', 'pii_withheld', 'status', 'notes', 'lead_source_raw', 'partition_key', 'row_key',
  'timestamp', 'raw_json',
] as const;
type Field = (typeof RECORD_FIELDS)[number];
const AT = Object.fromEntries(RECORD_FIELDS.map((name, i) => [name, i])) as Record<Field, number>;

/** What an export reads: the default columns' fields, those and the raw lead source (a CRM hand-off), or all. */
export type RecordSet = 'default' | 'handoff' | 'all';

/**
 * The fields a column set reads, a prefix of RECORD_FIELDS so positions stay the same: the default columns
 * leave out provenance and raw JSON, as every value read from SQLite costs time at a million rows.
 */
export function recordFields(set: RecordSet): readonly Field[] {
  if (set === 'all') return RECORD_FIELDS;
  return RECORD_FIELDS.slice(0, set === 'handoff' ? AT.lead_source_raw + 1 : AT.lead_source_raw);
}

/** One exported lead as the query returns it: values in RECORD_FIELDS order (raw_json only for `all`). */
export type ExportRecord = readonly (string | number | null)[];

export type CellValue = string | boolean | null;

export interface ExportColumn {
  readonly header: string;
  readonly kind: 'text' | 'date' | 'boolean';
  readonly value: (record: ExportRecord, raw: Record<string, JsonValue> | null) => string | boolean | null;
  /** Whether a text that starts like a formula gets a leading apostrophe (always, unless this says no). */
  readonly neutralize?: (value: string) => boolean;
}

const text = (header: string, field: Field): ExportColumn => ({ header, kind: 'text', value: (r) => (r[AT[field]] as string | null) ?? '' });
const flag = (header: string, field: Field): ExportColumn => ({ header, kind: 'boolean', value: (r) => r[AT[field]] === 1 });
const date = (header: string, field: Field): ExportColumn => ({ header, kind: 'date', value: (r) => r[AT[field]] as string | null });

const sourceLabels = new Map<string, string>();
/** The source's name ("AppSource" for SPZA); looked up once per code, as an export repeats a handful of them. */
function sourceLabel(code: string): string {
  let label = sourceLabels.get(code);
  if (label === undefined) sourceLabels.set(code, (label = describeSource(code)?.info.label ?? code));
  return label;
}

export const DEFAULT_COLUMNS: readonly ExportColumn[] = [
  date('Received', 'received_at'),
  text('First name', 'first_name'),
  text('Last name', 'last_name'),
  text('Email', 'email'),
  text('Phone', 'phone'),
  text('Company', 'company'),
  text('Title', 'title'),
  text('Country', 'country'),
  { header: 'Source', kind: 'text', value: (r) => sourceLabel(r[AT.source] as string) },
  text('Action', 'action'),
  text('Offer', 'offer'),
  text('Offer name', 'offer_name'),
  text('Description', 'description'),
  flag('Test lead', 'is_test'),
  flag('Do not contact', 'do_not_contact'),
  // An untriaged lead has no triage row: its status is NULL here (see recordSql).
  { header: 'Status', kind: 'text', value: (r) => (r[AT.status] as string | null) ?? 'new' },
  text('Notes', 'notes'),
];

const PROVENANCE_COLUMNS: readonly ExportColumn[] = [
  text('Lead source (raw)', 'lead_source_raw'),
  text('Partition key', 'partition_key'),
  text('Row key', 'row_key'),
  date('Timestamp', 'timestamp'),
];

/** Entity properties that the default and provenance columns already show, in any casing. */
const SHOWN_PROPERTIES = new Set(
  ['PartitionKey', 'RowKey', 'Timestamp', 'LeadSource', 'CustomerInfo', 'UserDetails', 'Description', 'CreatedTime', 'ActionCode', 'OfferDisplayName', 'OfferTitle', 'OfferName'].map((k) => k.toLowerCase()),
);

export function isExtraProperty(name: string): boolean {
  return !SHOWN_PROPERTIES.has(name.toLowerCase());
}

function rawText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `default`: the 17 columns; `all`: those, provenance, and every extra property seen in the export. */
export function exportColumns(set: 'default' | 'all', extraProperties: readonly string[] = []): ExportColumn[] {
  if (set === 'default') return [...DEFAULT_COLUMNS];
  const extras = extraProperties.map((name): ExportColumn => ({ header: name, kind: 'text', value: (_r, raw) => rawText(raw?.[name]) }));
  return [...DEFAULT_COLUMNS, ...PROVENANCE_COLUMNS, ...extras];
}
