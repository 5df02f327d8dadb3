import type { JsonValue, Lead } from '../leads';

type LeadKey = Exclude<keyof Lead, 'raw'>;
type Kind = 'text' | 'nullable' | 'bool';

/** One place that maps Lead fields to archive columns, used for writes and reads alike. */
export const LEAD_COLUMNS: readonly (readonly [column: string, key: LeadKey, kind: Kind])[] = [
  ['destination_id', 'destinationId', 'text'],
  ['partition_key', 'partitionKey', 'text'],
  ['row_key', 'rowKey', 'text'],
  ['timestamp', 'timestamp', 'nullable'],
  ['etag', 'etag', 'nullable'],
  ['received_at', 'receivedAt', 'text'],
  ['received_from', 'receivedFrom', 'text'],
  ['created_time', 'createdTime', 'text'],
  ['lead_source_raw', 'leadSourceRaw', 'text'],
  ['source', 'source', 'text'],
  ['action', 'action', 'text'],
  ['offer', 'offer', 'text'],
  ['offer_name', 'offerName', 'text'],
  ['first_name', 'firstName', 'text'],
  ['last_name', 'lastName', 'text'],
  ['email', 'email', 'text'],
  ['phone', 'phone', 'text'],
  ['country', 'country', 'text'],
  ['company', 'company', 'text'],
  ['title', 'title', 'text'],
  ['description', 'description', 'text'],
  ['customer_info_status', 'customerInfoStatus', 'text'],
  ['is_test', 'isTest', 'bool'],
  ['test_sent_at', 'testSentAt', 'nullable'],
  ['do_not_contact', 'doNotContact', 'bool'],
  ['pii_withheld', 'piiWithheld', 'bool'],
  ['email_key', 'emailKey', 'text'],
  ['phone_key', 'phoneKey', 'text'],
  ['name_company_key', 'nameCompanyKey', 'text'],
];

/** The columns the full-text index covers, in the order of the leads_fts table. */
export const FTS_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'company',
  'title',
  'description',
  'offer',
  'offer_name',
  'country',
] as const;

export type SqlValue = string | number | null;

/** Positional values for LEAD_COLUMNS followed by raw_json. */
export function leadValues(lead: Lead): SqlValue[] {
  const values: SqlValue[] = LEAD_COLUMNS.map(([, key, kind]) => {
    const value = lead[key];
    if (kind === 'bool') return value ? 1 : 0;
    return (value as string | null) ?? null;
  });
  values.push(JSON.stringify(lead.raw));
  return values;
}

export function leadFromRow(row: Record<string, unknown>): Lead {
  const lead: Record<string, unknown> = {};
  for (const [column, key, kind] of LEAD_COLUMNS) {
    const value = row[column];
    lead[key] = kind === 'bool' ? value === 1 : value;
  }
  lead.raw = JSON.parse(String(row.raw_json)) as Record<string, JsonValue>;
  return lead as unknown as Lead;
}
