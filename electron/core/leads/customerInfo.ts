import { asText, customerFieldFor, emptyCustomer, type Customer } from './fields';

export type CustomerInfoStatus = 'parsed' | 'missing' | 'invalid';

export interface ParsedCustomerInfo {
  readonly customer: Customer;
  readonly status: CustomerInfoStatus;
  /** Keys the marketplace sent that are not one of the seven documented fields, kept verbatim. */
  readonly extra: Readonly<Record<string, string>>;
}

function fromObject(object: Record<string, unknown>): ParsedCustomerInfo {
  const customer = emptyCustomer();
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    const field = customerFieldFor(key);
    const text = asText(value);
    // A later empty alias must not wipe an earlier filled one (`Email` and `email` both present).
    if (field && (customer[field] === '' || text !== '')) customer[field] = text;
    else if (!field) extra[key] = text;
  }
  return { customer, status: 'parsed', extra };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the `CustomerInfo` property: a JSON string per the docs, an object in HTTPS payloads. Invalid or
 * oddly shaped values are reported as such (the caller keeps the raw entity), never thrown.
 */
export function parseCustomerInfo(value: unknown): ParsedCustomerInfo {
  if (isRecord(value)) return fromObject(value);
  const text = value === null || value === undefined ? '' : String(value).replace(/^\uFEFF/, '').trim();
  if (text === '') return { customer: emptyCustomer(), status: 'missing', extra: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    // Some writers encode the JSON twice; one more pass recovers them.
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch {
    return { customer: emptyCustomer(), status: 'invalid', extra: {} };
  }
  return isRecord(parsed) ? fromObject(parsed) : { customer: emptyCustomer(), status: 'invalid', extra: {} };
}
