/** A field that must be quoted: it holds the quote, the separator, or any line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record as RFC 4180 writes it: fields joined by commas, a field holding a quote, a comma, a CR or
 * an LF quoted with its quotes doubled, CRLF at the end. Excel, LibreOffice and Python's csv end a row at a
 * bare CR or LF too, so those are quoted as well as CRLF.
 *
 * This is all csv-stringify did for an export, at a fifth of its cost: at a million leads its generic
 * options and per-field casting took about 3.5 s of a 10 s single-thread export (a CPU profile), this
 * under 1 s. A test holds the two byte for byte equal on hostile fields.
 */
export function csvRecord(fields: readonly string[]): string {
  let record = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (i > 0) record += ',';
    record += NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
  }
  return `${record}\r\n`;
}
