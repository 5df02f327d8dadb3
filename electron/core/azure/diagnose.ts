import { classifyError } from './classify';
import { clientsFor } from './clientCache';
import { formatCount } from '../formatCount';
import { resolveAccess, type Destination, type ResolvedAccess } from './destination';
import { DestinationProblem, type Problem } from './problems';
import { checkSas } from './sas';
import { fetchEntityPage } from './tableSource';
import { resolveMissingTable } from './tableNames';

export type Diagnosis =
  | {
      readonly ok: true;
      /** The table or container actually read (a table name may differ in case from the one configured). */
      readonly resource: string;
      /** Leads (table) or CSV files (blob) counted, up to a limit. */
      readonly count: number;
      readonly countIsExact: boolean;
      /** Latest service Timestamp (table) or Last-Modified (blob) seen. */
      readonly latest: string | null;
      readonly message: string;
    }
  | { readonly ok: false; readonly problem: Problem };

export interface DiagnoseOptions {
  readonly timeoutMs?: number;
  /** At most this many entities are counted before the count is reported as "at least". */
  readonly countLimit?: number;
  readonly signal?: AbortSignal;
}

function later(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  return a === null || b > a ? b : a;
}

async function diagnoseTable(access: ResolvedAccess, options: DiagnoseOptions): Promise<Diagnosis> {
  const clients = clientsFor(access, { maxRetries: 1 });
  const limit = options.countLimit ?? 10_000;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let tableName = access.tableName;
  let count = 0;
  let latest: string | null = null;
  let token: string | null = null;
  for (;;) {
    const remaining = Math.max(1000, deadline - Date.now());
    let page;
    try {
      page = await fetchEntityPage(clients.table(tableName), { select: ['Timestamp'], continuationToken: token, timeoutMs: remaining, signal: options.signal });
    } catch (error) {
      if (count === 0 && tableName === access.tableName && (error as { statusCode?: number }).statusCode === 404) {
        tableName = await resolveMissingTable(access, error, options.signal);
        continue;
      }
      throw error;
    }
    count += page.entities.length;
    for (const entity of page.entities) latest = later(latest, entity.timestamp);
    token = page.continuationToken;
    if (!token || count >= limit || Date.now() >= deadline) break;
  }
  const exact = token === null;
  const renamed = tableName !== access.tableName ? ` (the table is named "${tableName}")` : '';
  return {
    ok: true,
    resource: tableName,
    count,
    countIsExact: exact,
    latest,
    message:
      `Connected to table "${tableName}" in "${access.accountName}"${renamed}: ${exact ? '' : 'at least '}${formatCount(count)} ` +
      `lead${count === 1 ? '' : 's'}${latest ? `, latest written ${latest}` : ''}.`,
  };
}

async function diagnoseContainer(access: ResolvedAccess, options: DiagnoseOptions): Promise<Diagnosis> {
  const container = await clientsFor(access, { maxRetries: 1 }).container();
  const limit = options.countLimit ?? 10_000;
  let count = 0;
  let latest: string | null = null;
  let more = false;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  for await (const blob of container.listBlobsFlat({ prefix: access.prefix || undefined, abortSignal: options.signal ? AbortSignal.any([signal, options.signal]) : signal })) {
    if (!blob.name.toLowerCase().endsWith('.csv')) continue;
    count++;
    latest = later(latest, blob.properties.lastModified?.toISOString());
    if (count >= limit) {
      more = true;
      break;
    }
  }
  return {
    ok: true,
    resource: access.container,
    count,
    countIsExact: !more,
    latest,
    message:
      `Connected to container "${access.container}"${access.prefix ? ` (prefix "${access.prefix}")` : ''} in "${access.accountName}": ` +
      `${more ? 'at least ' : ''}${count} CSV file${count === 1 ? '' : 's'}${latest ? `, latest modified ${latest}` : ''}.`,
  };
}

/** The permissions a SAS must grant for what Lead Inbox does with each kind of destination. */
export function requiredSasPermissions(access: ResolvedAccess, kind: 'table' | 'blob'): ('r' | 'l')[] {
  // A table-scoped SAS has no List permission (querying entities is Read); everything else lists too.
  return kind === 'table' && access.scopedSas ? ['r'] : ['r', 'l'];
}

/** Checks a destination end to end and says, when it fails, what is wrong and what to do. Never throws. */
export async function testConnection(destination: Destination, secret: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  let access: ResolvedAccess;
  try {
    access = resolveAccess(destination, secret);
  } catch (error) {
    if (error instanceof DestinationProblem) return { ok: false, problem: error.problem };
    throw error;
  }
  if (access.credential.kind === 'sas') {
    const local = checkSas(access.credential.sas, requiredSasPermissions(access, destination.kind));
    if (local) return { ok: false, problem: local };
  }
  try {
    return destination.kind === 'table' ? await diagnoseTable(access, options) : await diagnoseContainer(access, options);
  } catch (error) {
    return { ok: false, problem: classifyError(error, access, destination.kind) };
  }
}
