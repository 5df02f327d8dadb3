import { clientsFor } from './clientCache';
import { classifyError } from './classify';
import type { ResolvedAccess } from './destination';
import { DestinationProblem, problem } from './problems';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Existing tables ordered by how likely the user meant them: names about leads first, then the closest. */
export function rankTableNames(wanted: string, existing: readonly string[]): string[] {
  const target = wanted.toLowerCase();
  const score = (name: string) => (/lead/i.test(name) ? 0 : 1000) + distance(target, name.toLowerCase());
  return [...existing].sort((a, b) => score(a) - score(b) || a.localeCompare(b));
}

async function listTableNames(access: ResolvedAccess, signal?: AbortSignal): Promise<string[] | null> {
  if (access.scopedSas) return null;
  const names: string[] = [];
  try {
    for await (const table of clientsFor(access).service.listTables({ abortSignal: signal })) {
      if (table.name) names.push(table.name);
      if (names.length >= 1000) break;
    }
  } catch {
    // Listing tables needs account-level rights that a read-only credential may lack; then we cannot suggest.
    return null;
  }
  return names;
}

/**
 * Table names are case-insensitive in Azure but not in every emulator or proxy, so when the configured
 * name is not found, an existing table differing only in case is used; otherwise the problem lists the
 * tables that do exist, likeliest first.
 */
export async function resolveMissingTable(access: ResolvedAccess, notFound: unknown, signal?: AbortSignal): Promise<string> {
  const names = await listTableNames(access, signal);
  const exact = names?.find((name) => name.toLowerCase() === access.tableName.toLowerCase());
  if (exact && exact !== access.tableName) return exact;
  const base = classifyError(notFound, access, 'table');
  if (!names) throw new DestinationProblem(base);
  const suggestions = rankTableNames(access.tableName, names).slice(0, 5);
  const fix = suggestions.length
    ? `Tables in this account: ${suggestions.join(', ')}. Did you mean "${suggestions[0]}"? Set it as the table name.`
    : 'This account has no tables yet: the marketplace creates the table when it delivers the first lead. Check that the offer\'s lead destination in Partner Center uses this storage account, then press Validate there to send a test lead.';
  throw new DestinationProblem(problem('table-not-found', base.message, fix, { suggestions, detail: base.detail }));
}
