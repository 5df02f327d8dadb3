/**
 * The schemaless Azure Table entity as Lead Inbox keeps it: identity and service metadata apart, every
 * other property kept, converted to plain JSON so it can be stored and shown exactly.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface SourceEntity {
  readonly partitionKey: string;
  readonly rowKey: string;
  /** The service's last-write time (ISO 8601 UTC), null for data that never passed through Azure. */
  readonly timestamp: string | null;
  readonly etag: string | null;
  readonly properties: Readonly<Record<string, JsonValue>>;
}

/**
 * Values the Azure SDKs hand back that JSON cannot carry: Int64 as bigint, DateTime as Date, Binary as
 * bytes. Int64 stays a string so no digit is lost; binary becomes base64.
 */
export function toJsonSafe(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toJsonSafe(inner);
    return out;
  }
  return String(value);
}

const IDENTITY_KEYS = new Set(['partitionkey', 'rowkey', 'timestamp', 'etag', 'odata.etag', 'odata.metadata']);

function pick(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (record[name] !== undefined) return record[name];
  return undefined;
}

function optionalText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Accepts an entity in either casing: `PartitionKey`/`Timestamp` as the REST API and our sample files
 * write it, or `partitionKey`/`timestamp`/`etag` as `@azure/data-tables` returns it.
 */
export function toSourceEntity(record: Record<string, unknown>): SourceEntity {
  const properties: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (IDENTITY_KEYS.has(key.toLowerCase()) || key.endsWith('@odata.type')) continue;
    properties[key] = toJsonSafe(value);
  }
  return {
    partitionKey: String(pick(record, 'partitionKey', 'PartitionKey') ?? ''),
    rowKey: String(pick(record, 'rowKey', 'RowKey') ?? ''),
    timestamp: optionalText(pick(record, 'timestamp', 'Timestamp')),
    etag: optionalText(pick(record, 'etag', 'odata.etag', 'ETag')),
    properties,
  };
}

/** The entity as Azure Storage Explorer would show it: identity first, then every property. */
export function rawEntityJson(entity: SourceEntity): Record<string, JsonValue> {
  return {
    PartitionKey: entity.partitionKey,
    RowKey: entity.rowKey,
    Timestamp: entity.timestamp,
    ...entity.properties,
  };
}
