import { parse } from 'csv-parse';
import type { JsonValue, SourceEntity } from '../leads';

export interface CsvBlob {
  readonly name: string;
  readonly etag: string;
  readonly lastModified: string | null;
}

function isHeaderAgain(record: Record<string, string>): boolean {
  const entries = Object.entries(record);
  return entries.length > 0 && entries.every(([header, value]) => value.replace(/^\uFEFF/, '').trim().toLowerCase() === header.toLowerCase());
}

/**
 * Reads a legacy lead CSV blob as entities. The columns are not documented, so every column is kept under
 * its own header (the lead model maps `FirstName`, `first_name`, `Lead Source`… case-insensitively). Each
 * row's identity is the blob name and its line number, which stays stable when a file is appended to.
 */
export async function* csvEntities(blob: CsvBlob, body: NodeJS.ReadableStream): AsyncGenerator<SourceEntity> {
  const parser = body.pipe(
    parse({ bom: true, columns: (header: string[]) => header.map((h, i) => h.trim() || `Column${i + 1}`), relax_column_count: true, skip_empty_lines: true, trim: false }),
  );
  let row = 0;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    row++;
    // Files joined end to end (each with its byte-order mark and header) repeat the header as a row: not a lead.
    if (isHeaderAgain(record)) continue;
    const properties: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(record)) properties[key] = value;
    yield {
      partitionKey: blob.name,
      rowKey: String(row).padStart(9, '0'),
      timestamp: blob.lastModified,
      etag: blob.etag,
      properties,
    };
  }
}
