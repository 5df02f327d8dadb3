import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvRecord } from '../../electron/core/export/csvRecord';
import { Random } from '../../electron/core/sample/random';
import { HOSTILE_TEXTS } from '../helpers/leads';

/** What the exports wrote with csv-stringify before, configured as they configured it. */
const reference = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows', eof: true, quoted_match: ['\r', '\n'] });

/** Fields built from the characters CSV gives meaning to, among plain and non-ASCII ones. */
function randomField(random: Random): string {
  const pieces = ['"', ',', '\r', '\n', '\r\n', ' ', '\t', "'", ';', 'a', 'Zoë', '株', '🚀', '""', '=', ''];
  return Array.from({ length: random.int(9) }, () => random.pick(pieces)).join('');
}

describe('csvRecord', () => {
  it('quotes a field holding a quote, comma, CR or LF, doubling its quotes, and leaves others bare', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'one\ntwo', 'one\rtwo', '', ' spaced '])).toBe(
      'plain,"a,b","say ""hi""","one\ntwo","one\rtwo",, spaced \r\n',
    );
  });

  it('writes the hostile texts and 2,000 random records byte for byte as csv-stringify did', () => {
    const random = new Random(7);
    const rows = [HOSTILE_TEXTS, ...Array.from({ length: 2000 }, () => Array.from({ length: 1 + random.int(6) }, () => randomField(random)))];
    for (const row of rows) expect(csvRecord(row)).toBe(reference([row]));
  });
});
