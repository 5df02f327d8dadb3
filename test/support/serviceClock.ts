import type { TableClient } from '@azure/data-tables';

/** The service's clock: the Date header of its answer to a one-entity read (whole seconds, as Azure's). */
async function serviceNow(client: TableClient): Promise<number> {
  let date: string | null = null;
  const pages = client.listEntities({ onResponse: (response) => (date = response.headers.get('date') ?? null) }).byPage({ maxPageSize: 1 });
  await pages.next();
  if (!date) throw new Error('The table service answered without a Date header.');
  return Date.parse(date);
}

/** The newest Timestamp the service gave any entity of the table. */
export async function newestTimestamp(client: TableClient): Promise<number> {
  let newest = 0;
  for await (const entity of client.listEntities()) newest = Math.max(newest, Date.parse(String(entity.timestamp)));
  return newest;
}

/**
 * Waits until the service's own clock reads `at` or later: sync watermarks come from that clock, so a test
 * that needs "written before the pass began" waits for it instead of sleeping a guess.
 */
export async function waitForServiceClock(client: TableClient, at: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await serviceNow(client)) < at) {
    if (Date.now() > deadline) throw new Error(`The service clock did not reach ${new Date(at).toISOString()} within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
