import type { TableClient, TableServiceClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import { tableClient, tableServiceClient, type ClientOptions } from './clients';
import type { ResolvedAccess } from './destination';

export interface Clients {
  table(name?: string): TableClient;
  readonly service: TableServiceClient;
  /** The Blob container's client; the Blob SDK is loaded the first time. */
  container(): Promise<ContainerClient>;
}

/** SDK clients for one resolved access, created on first use. */
export function clientsFor(access: ResolvedAccess, options: ClientOptions = {}): Clients {
  let service: TableServiceClient | undefined;
  let container: Promise<ContainerClient> | undefined;
  const tables = new Map<string, TableClient>();
  return {
    table(name = access.tableName) {
      let client = tables.get(name);
      if (!client) tables.set(name, (client = tableClient(access, name, options)));
      return client;
    },
    get service() {
      return (service ??= tableServiceClient(access, options));
    },
    container() {
      return (container ??= import('./blobClient').then(({ containerClient }) => containerClient(access, options)));
    },
  };
}
