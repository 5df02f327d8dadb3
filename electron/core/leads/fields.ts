/**
 * The customer fields every lead format carries under different spellings: `FirstName` in the table's
 * CustomerInfo JSON, `firstName` on the HTTPS wire, `first_name` in Salesforce-style CSV.
 */

export const CUSTOMER_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'country', 'company', 'title'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type Customer = Record<CustomerField, string>;

const foldedKeys = new Map<string, string>();

/** Folds case and separators so `First Name`, `first_name` and `FirstName` compare equal. */
export function foldKey(key: string): string {
  let folded = foldedKeys.get(key);
  if (folded === undefined) {
    folded = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    // Property names repeat across every lead; the bound only guards against hostile data.
    if (foldedKeys.size > 10_000) foldedKeys.clear();
    foldedKeys.set(key, folded);
  }
  return folded;
}

const ALIASES: Record<CustomerField, readonly string[]> = {
  firstName: ['firstname', 'givenname', 'fname'],
  lastName: ['lastname', 'surname', 'familyname', 'lname'],
  email: ['email', 'emailaddress', 'mail'],
  phone: ['phone', 'phonenumber', 'telephone', 'mobile'],
  country: ['country', 'countrycode', 'countryregion'],
  company: ['company', 'companyname', 'organization', 'organisation'],
  title: ['title', 'jobtitle'],
};

const BY_FOLDED_KEY: ReadonlyMap<string, CustomerField> = new Map(
  CUSTOMER_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [alias, field] as const)),
);

export function customerFieldFor(key: string): CustomerField | undefined {
  return BY_FOLDED_KEY.get(foldKey(key));
}

export function emptyCustomer(): Customer {
  return { firstName: '', lastName: '', email: '', phone: '', country: '', company: '', title: '' };
}

/** Marketplace data carries numbers (phones) and nulls where strings are documented. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
