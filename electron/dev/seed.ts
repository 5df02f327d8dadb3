import { TableClient, TableServiceClient, type TransactionAction } from '@azure/data-tables';
import type { SampleEntity } from '../core/sample';

/** The generator writes PascalCase identity like the REST API; the SDK wants camelCase. */
export function sdkEntity(entity: Record<string, unknown>): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const { PartitionKey, RowKey, ...rest } = entity as { PartitionKey: string; RowKey: string };
  return { partitionKey: PartitionKey, rowKey: RowKey, ...rest };
}

export function tableClientFor(connectionString: string, table: string): TableClient {
  return TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
}

/** Writes entities with batch transactions (100 per partition per call, the service's limit). */
export async function seedTable(connectionString: string, table: string, entities: Iterable<SampleEntity | Record<string, unknown>>, mode: 'create' | 'upsert' = 'create'): Promise<number> {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  await service.createTable(table);
  const client = tableClientFor(connectionString, table);
  const byPartition = new Map<string, TransactionAction[]>();
  let written = 0;
  const flush = async (partition: string) => {
    const actions = byPartition.get(partition);
    if (!actions?.length) return;
    byPartition.delete(partition);
    await client.submitTransaction(actions);
    written += actions.length;
  };
  const pending: Promise<void>[] = [];
  let previous: string | undefined;
  for (const entity of entities) {
    const e = sdkEntity(entity);
    // Sample entities come in partition order, so a partition is complete once the next one starts.
    if (previous !== undefined && previous !== e.partitionKey) pending.push(flush(previous));
    previous = e.partitionKey;
    const actions = byPartition.get(e.partitionKey) ?? [];
    actions.push(mode === 'create' ? ['create', e] : ['upsert', e, 'Replace']);
    byPartition.set(e.partitionKey, actions);
    if (actions.length === 100) pending.push(flush(e.partitionKey));
    if (pending.length >= 16) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  for (const partition of [...byPartition.keys()]) await flush(partition);
  return written;
}

/** Every entity of a table, as plain records keyed by partition|row. */
export async function readTable(connectionString: string, table: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for await (const entity of tableClientFor(connectionString, table).listEntities()) {
    out.set(`${entity.partitionKey}|${entity.rowKey}`, entity as Record<string, unknown>);
  }
  return out;
}
