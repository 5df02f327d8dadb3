import type { TableClient } from '@azure/data-tables';
import { toSourceEntity, type SourceEntity } from '../leads';
import { onRequestSent } from './clients';

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

/** Reads one page of entities (at most 1,000, the service's limit), starting at a continuation token. */
export async function fetchEntityPage(client: TableClient, request: PageRequest): Promise<EntityPage> {
  let serverTime: string | null = null;
  const abortSignal = requestSignal(request.signal, request.timeoutMs ?? 60_000);
  if (request.onSent) onRequestSent(abortSignal, request.onSent);
  const pages = client
    .listEntities<Record<string, unknown>>({
      queryOptions: { filter: request.filter, select: request.select },
      abortSignal,
      onResponse: (response) => {
        const date = response.headers.get('date');
        if (date && !Number.isNaN(Date.parse(date))) serverTime = new Date(date).toISOString();
      },
    })
    .byPage({ maxPageSize: request.pageSize ?? 1000, continuationToken: request.continuationToken ?? undefined });
  const { value } = await pages.next();
  const page = (value ?? []) as Record<string, unknown>[] & { continuationToken?: string };
  return {
    entities: page.map((entity) => toSourceEntity(entity)),
    continuationToken: page.continuationToken || null,
    serverTime,
  };
}

/** `Timestamp ge datetime'…'`: the filter Microsoft's own recipes use to poll for new leads. */
export function timestampFilter(since: string): string {
  return `Timestamp ge datetime'${new Date(since).toISOString()}'`;
}
