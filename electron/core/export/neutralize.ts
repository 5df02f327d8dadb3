/**
 * A cell starting with one of these is run as a formula by Excel and LibreOffice (OWASP "CSV injection"):
 * a lead's name of `=HYPERLINK(...)` must arrive as text. A leading apostrophe makes it text and is the
 * mitigation OWASP recommends; spreadsheets hide it.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r'].map((c) => c.charCodeAt(0)));

export function neutralizeCell(value: string): string {
  return FORMULA_START.has(value.charCodeAt(0)) ? `'${value}` : value;
}
