/**
 * Keys that group one person's leads (Contact me, then INS, then Create). They only ever group; nothing
 * is merged. Each key is empty when there is not enough to match on.
 */

// Plain ASCII is its own NFKC form; most names and addresses are, and normalize() is the costly step.
const NOT_ASCII = /[\u0080-\uffff]/;

function fold(text: string): string {
  return (NOT_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase().replace(/\s+/g, ' ').trim();
}

export function emailKey(email: string): string {
  const folded = fold(email).replace(/^mailto:/, '');
  return /^[^@\s]+@[^@\s]+$/.test(folded) ? folded : '';
}

/** Digits only; fewer than 7 digits is not a phone number anyone could call. */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? digits : '';
}

export function nameCompanyKey(firstName: string, lastName: string, company: string): string {
  const name = fold(`${firstName} ${lastName}`);
  const org = fold(company);
  return name !== '' && org !== '' ? `${name}|${org}` : '';
}
