import { createDefaultHttpClient, createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { TableClient } from '@azure/data-tables';
import type { JsonValue, SourceEntity } from '../leads';
import { onRequestSent } from './clients';

/** The Table service version the SDK (13.x) itself asks for. */
const TABLE_SERVICE_VERSION = '2019-02-02';

export interface EntityPage {
  readonly entities: SourceEntity[];
  readonly continuationToken: string | null;
  /** The service's clock (the response's Date header) when it answered, ISO 8601. */
  readonly serverTime: string | null;
}

export interface PageRequest {
  readonly filter?: string;
  readonly select?: string[];
  readonly continuationToken?: string | null;
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Called each time the request (or a retry of it) goes out to the network. */
  readonly onSent?: () => void;
}

function requestSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** The SDK's own continuation token (base64 of `{ nextPartitionKey, nextRowKey }`), so a saved pass resumes either way. */
function encodeContinuation(nextPartitionKey: string | null, nextRowKey: string | null): string | null {
  if (!nextPartitionKey) return null;
  return Buffer.from(JSON.stringify({ nextPartitionKey, ...(nextRowKey ? { nextRowKey } : {}) })).toString('base64');
}

function decodeContinuation(token: string): { nextPartitionKey?: string; nextRowKey?: string } {
  return JSON.parse(Buffer.from(token, 'base64').toString()) as { nextPartitionKey?: string; nextRowKey?: string };
}

/** Wire keys that are identity or service metadata, not lead properties (the SDK's names for them). */
const WIRE_IDENTITY = new Set(['PartitionKey', 'RowKey', 'Timestamp', 'odata.etag']);

/**
 * One entity as the service sends it (JSON, minimal metadata: a typed value carries `Name@odata.type`),
 * made into exactly the SourceEntity the SDK's typed result gave: DateTime as ISO 8601 in milliseconds,
 * Int64 as its digits, Binary as base64, Guid as `{ value, type }`. A test holds the two equal.
 */
function entityFromWire(wire: Record<string, JsonValue>): SourceEntity {
  const properties: Record<string, JsonValue> = {};
  for (const key in wire) {
    if (WIRE_IDENTITY.has(key) || key.endsWith('@odata.type')) continue;
    const value = wire[key]!;
    const type = wire[`${key}@odata.type`];
    properties[key] = type === undefined ? value : typedValue(value, type);
  }
  // Azure annotates Timestamp as Edm.DateTime (the SDK then gave a Date); Azurite does not (a string).
  const timestamp = wire.Timestamp === undefined || wire.Timestamp === '' ? null : typedValue(wire.Timestamp, wire['Timestamp@odata.type'] ?? null);
  return {
    partitionKey: String(wire.PartitionKey ?? ''),
    rowKey: String(wire.RowKey ?? ''),
    timestamp: timestamp === null ? null : String(timestamp),
    etag: typeof wire['odata.etag'] === 'string' && wire['odata.etag'] !== '' ? wire['odata.etag'] : null,
    properties,
  };
}

function typedValue(value: JsonValue, type: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  switch (type) {
    case 'Edm.DateTime': {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? null : date.toISOString();
    }
    case 'Edm.Int64':
      try {
        return BigInt(value).toString();
      } catch {
        return value;
      }
    case 'Edm.Binary':
      return Buffer.from(value, 'base64').toString('base64');
    case 'Edm.Guid':
      return { value, type: 'Guid' };
    default:
      return value;
  }
}

const httpClient = createDefaultHttpClient();

/** The service's error, as the SDK would have thrown it, so classifyError reads it the same way. */
function serviceError(response: PipelineResponse): RestError {
  let code = response.headers.get('x-ms-error-code') ?? undefined;
  // Authentication failures come as XML, other failures as JSON; the SDK's message was the body's text.
  let message = response.bodyAsText || `The table service answered ${response.status}.`;
  try {
    const error = (JSON.parse(response.bodyAsText ?? '') as { 'odata.error'?: { code?: string; message?: { value?: string } } })['odata.error'];
    code = error?.code ?? code;
    message = error?.message?.value ?? message;
  } catch {
    // Not JSON: the text, the status and the header say enough.
  }
  const error = new RestError(message, { code, statusCode: response.status, request: response.request, response });
  error.details = { errorCode: code };
  return error;
}

/**
 * Reads one page of entities (at most 1,000, the service's limit), starting at a continuation token.
 * The request goes through the SDK client's own pipeline (its credential, retries and policies), but
 * the answer is parsed here: the SDK's generic deserializer cost more CPU than the rest of a sync's
 * conversion (a CPU profile of `lead-inbox sync` over 10,000 entities).
 */
export async function fetchEntityPage(client: TableClient, request: PageRequest): Promise<EntityPage> {
  const abortSignal = requestSignal(request.signal, request.timeoutMs ?? 60_000);
  if (request.onSent) onRequestSent(abortSignal, request.onSent);
  const url = new URL(`${client.url.replace(/\/+$/, '')}/${encodeURIComponent(client.tableName)}()`);
  url.searchParams.set('$top', String(request.pageSize ?? 1000));
  if (request.filter) url.searchParams.set('$filter', request.filter);
  if (request.select) url.searchParams.set('$select', request.select.join(','));
  if (request.continuationToken) {
    const { nextPartitionKey, nextRowKey } = decodeContinuation(request.continuationToken);
    if (nextPartitionKey) url.searchParams.set('NextPartitionKey', nextPartitionKey);
    if (nextRowKey) url.searchParams.set('NextRowKey', nextRowKey);
  }
  const pipelineRequest = createPipelineRequest({ url: url.toString(), method: 'GET', abortSignal, allowInsecureConnection: url.protocol === 'http:' });
  pipelineRequest.headers.set('Accept', 'application/json;odata=minimalmetadata');
  pipelineRequest.headers.set('x-ms-version', TABLE_SERVICE_VERSION);
  pipelineRequest.headers.set('DataServiceVersion', '3.0');
  const response = await client.pipeline.sendRequest(httpClient, pipelineRequest);
  if (response.status !== 200) throw serviceError(response);
  const body = JSON.parse(response.bodyAsText ?? '{}') as { value?: Record<string, JsonValue>[] };
  const date = response.headers.get('date');
  return {
    entities: (body.value ?? []).map(entityFromWire),
    continuationToken: encodeContinuation(response.headers.get('x-ms-continuation-nextpartitionkey') ?? null, response.headers.get('x-ms-continuation-nextrowkey') ?? null),
    serverTime: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : null,
  };
}

/** `Timestamp ge datetime'…'`: the filter Microsoft's own recipes use to poll for new leads. */
export function timestampFilter(since: string): string {
  return `Timestamp ge datetime'${new Date(since).toISOString()}'`;
}
