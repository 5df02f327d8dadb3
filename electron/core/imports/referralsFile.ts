import { parse } from 'csv-parse/sync';
import { foldKey, type JsonValue, type SourceEntity } from '../leads';
import { contentIdentity } from './identity';
import type { ParsedLeads } from './payloadFile';

/**
 * Partner Center's Referrals download, header by header (compared folded: case, spaces and punctuation
 * ignored), to the entity properties the lead model reads. Every other column is kept under its own name.
 */
const PROPERTY_FOR: ReadonlyMap<string, string> = new Map(
  Object.entries({
    CreatedTime: ['Creation Date', 'Created Date', 'Created On', 'Date Created'],
    FirstName: ['Customer First Name', 'First Name'],
    LastName: ['Customer Last Name', 'Last Name'],
    Email: ['Customer Email', 'Customer Email Address', 'Email', 'Email Address'],
    Phone: ['Customer Phone', 'Customer Phone Number', 'Phone', 'Phone Number'],
    Country: ['Customer Country', 'Customer Country/Region', 'Country', 'Country/Region'],
    Company: ['Customer Company', 'Customer Company Name', 'Company', 'Company Name'],
    Title: ['Customer Title', 'Customer Job Title', 'Job Title', 'Title'],
    LeadSource: ['Lead Source'],
    ActionCode: ['Call to action', 'Call-to-action', 'Action Code', 'Action'],
    OfferId: ['Offer ID', 'Offer Id'],
    OfferDisplayName: ['Offer name', 'Offer title', 'Offer display name'],
    Description: ['Description', 'Comments'],
  }).flatMap(([property, headers]) => headers.map((header) => [foldKey(header), property] as const)),
);
/** A person's whole name in one column: split into first and last at its last space. */
const FULL_NAME = new Set(['Customer Name', 'Contact Name', 'Full Name', 'Name'].map(foldKey));

export interface ParsedReferrals extends ParsedLeads {
  /** Columns kept as they are because no lead field matched them. */
  readonly unrecognised: string[];
}

function splitName(name: string): { FirstName: string; LastName: string } {
  const trimmed = name.trim();
  const at = trimmed.lastIndexOf(' ');
  return at === -1 ? { FirstName: '', LastName: trimmed } : { FirstName: trimmed.slice(0, at).trim(), LastName: trimmed.slice(at + 1) };
}

/**
 * A Partner Center Referrals CSV as entities. Rows have no id, so each row's identity is its content: a
 * later download that repeats a lead adds nothing. The offer id completes a lead source that lacks one
 * (`Source-Action|Offer`), as the table destination writes it.
 */
export function parseReferralsFile(text: string, fileTime: string): ParsedReferrals {
  const rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header = [], ...records] = rows;
  const names = header.map((h, i) => h.trim() || `Column${i + 1}`);
  const unrecognised = names.filter((name) => !PROPERTY_FOR.has(foldKey(name)) && !FULL_NAME.has(foldKey(name)));
  const entities = records.map((record): SourceEntity => {
    const properties: Record<string, JsonValue> = {};
    for (const [i, name] of names.entries()) {
      const value = record[i] ?? '';
      if (FULL_NAME.has(foldKey(name))) Object.assign(properties, splitName(value));
      else properties[PROPERTY_FOR.get(foldKey(name)) ?? name] = value;
    }
    const leadSource = String(properties.LeadSource ?? '');
    if (leadSource && !leadSource.includes('|') && properties.OfferId) {
      properties.LeadSource = `${leadSource}${properties.ActionCode ? `-${String(properties.ActionCode)}` : ''}|${String(properties.OfferId)}`;
    }
    const identity = contentIdentity(properties);
    return { partitionKey: 'partner-center-referrals', rowKey: identity, timestamp: fileTime, etag: `sha256:${identity}`, properties };
  });
  return { entities, problems: [], unrecognised };
}
