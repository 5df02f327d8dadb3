import { foldKey, type JsonValue, type SourceEntity } from '../leads';
import { contentIdentity } from './identity';
import type { FileProblem } from './importedFile';

/** Keys that make an object a marketplace lead as the HTTPS endpoint posts it (any casing). */
const LEAD_KEYS = new Set(['userdetails', 'customerinfo', 'leadsource', 'actioncode', 'offertitle'].map(foldKey));

function isRecord(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a JSON.parse failure happened, as a 1-based line: V8 names the character position. */
function lineOf(text: string, error: unknown): number | null {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (!position) return null;
  const at = Number(position[1]);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** V8's message without the character position (the line is reported instead). */
function jsonMessage(error: unknown): string {
  return String((error as Error).message).replace(/ in JSON at position \d+.*$/, '');
}

function entityOf(payload: Record<string, JsonValue>, receivedAt: string): SourceEntity {
  const identity = contentIdentity(payload);
  return { partitionKey: 'https-payload', rowKey: identity, timestamp: receivedAt, etag: `sha256:${identity}`, properties: payload };
}

export interface ParsedLeads {
  readonly entities: SourceEntity[];
  readonly problems: FileProblem[];
}

/**
 * Saved HTTPS-endpoint payloads: a `.json` file holding one lead object or an array of them, or a `.jsonl`
 * file with one per line. A broken line is reported with its number and the other lines still count; a
 * broken `.json` file is reported whole. Payloads carry no time, so `receivedAt` (the file's own time)
 * stands in for the service's.
 */
export function parsePayloadFile(text: string, format: 'json' | 'jsonl', receivedAt: string): ParsedLeads {
  const entities: SourceEntity[] = [];
  const problems: FileProblem[] = [];
  const take = (value: unknown, line: number | null) => {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const where = Array.isArray(value) ? `item ${i + 1}` : null;
      if (!isRecord(item) || !Object.keys(item).some((key) => LEAD_KEYS.has(foldKey(key)))) {
        problems.push({ line, message: `${where ? `${where}: ` : ''}not a marketplace lead (no userDetails, leadSource or actionCode).` });
      } else entities.push(entityOf(item, receivedAt));
    }
  };
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'json') {
    try {
      take(JSON.parse(body), null);
    } catch (error) {
      problems.push({ line: lineOf(body, error), message: `not valid JSON: ${jsonMessage(error)}; nothing in this file was imported.` });
    }
    return { entities, problems };
  }
  for (const [i, line] of body.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    try {
      take(JSON.parse(line), i + 1);
    } catch (error) {
      problems.push({ line: i + 1, message: `not valid JSON: ${jsonMessage(error)}.` });
    }
  }
  return { entities, problems };
}
