/**
 * The archive soak: several programs on one archive for several minutes, as a publisher's machine runs
 * them. `lead-inbox serve` (the app's server) takes triage edits and queries through its API; new leads
 * keep arriving in an Azurite table and `lead-inbox watch` picks them up every few seconds, printing each
 * real one; exports and backups run alongside. At the end: `lead-inbox check` must say the archive is
 * sound, the archive must equal the table, every triage edit must be there, and watch must have printed
 * every real lead it added. Prints what was done and every error (there should be none).
 *
 *   npx tsx scripts/soak.ts [--minutes 5]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateSampleEntities } from '../electron/core/sample';
import { openArchive } from '../electron/core/store';
import { startAzurite } from '../electron/dev/azurite';
import { readTable, seedTable } from '../electron/dev/seed';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'bin', 'lead-inbox.js');
const TABLE = 'MarketplaceLeads';
const minutesFlag = process.argv.indexOf('--minutes');
const minutes = minutesFlag > 0 ? Number(process.argv[minutesFlag + 1]) : 5;

const done = { syncs: 0, leadsAdded: 0, leadsPrinted: 0, triageEdits: 0, queries: 0, exports: 0, backups: 0 };
const errors: string[] = [];

async function cli(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { maxBuffer: 1 << 24 });
  return stdout;
}

/** Runs `step` again and again until `until`, a pause between, counting failures instead of stopping. */
async function loop(name: string, pauseMs: number, until: number, step: () => Promise<void>): Promise<void> {
  while (Date.now() < until) {
    try {
      await step();
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-soak-'));
const db = join(dir, 'leads.db');
const azurite = await startAzurite();
try {
  await seedTable(azurite.connectionString, TABLE, generateSampleEntities({ count: 20_000, seed: 5 }));
  await cli(['sync', '--connection-string', azurite.connectionString, '--db', db]);
  done.syncs++;
  const copied = openArchive(db);
  const copiedTo = copied.db.prepare('SELECT max(id) FROM leads').pluck().get() as number;
  copied.close();

  // A sync every 3 seconds; each new real lead is a line on its standard output.
  const watch = spawn(process.execPath, [CLI, 'watch', '--every', '0.05', '--connection-string', azurite.connectionString, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  watch.stdout.on('data', (chunk: Buffer) => (done.leadsPrinted += chunk.toString().split('\n').length - 1));
  watch.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (/ synced: /.test(line)) done.syncs++;
      else if (/sync failed/.test(line)) errors.push(`watch: ${line}`);
    }
  });
  const watchExit = new Promise<number | null>((resolve) => watch.once('exit', resolve));

  const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--key-file', join(dir, 'soak.key')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<URL>((resolve, reject) => {
    server.stdout.on('data', (chunk: Buffer) => {
      const found = /http:\/\/\S+/.exec(chunk.toString());
      if (found) resolve(new URL(found[0]));
    });
    server.once('exit', () => reject(new Error('lead-inbox serve stopped')));
  });
  const api = async <T>(channel: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(`/api/${channel}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lead-inbox-token': url.searchParams.get('token')! },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!result.ok) throw new Error(result.error!.message);
    return result.value;
  };

  const notes = new Map<number, string>();
  const until = Date.now() + minutes * 60_000;
  let seed = 100;
  console.log(`Soaking ${db} for ${minutes} minutes…`);
  await Promise.all([
    loop('new leads', 2000, until, async () => {
      const count = 20 + (seed % 40);
      await seedTable(azurite.connectionString, TABLE, generateSampleEntities({ count, seed: seed++, from: new Date(Date.now() - 3600_000).toISOString() }));
      done.leadsAdded += count;
    }),
    loop('triage in the app', 300, until, async () => {
      const page = await api<{ rows: { id: number }[]; total: number }>('leads:query', { query: { test: 'all' }, window: { offset: done.queries % 5000, limit: 20 } });
      done.queries++;
      const lead = page.rows[done.queries % page.rows.length];
      if (!lead) return;
      const note = `Soak edit ${done.triageEdits} at ${new Date().toISOString()}`;
      await api('leads:triage', { target: { ids: [lead.id] }, patch: { status: 'contacted', notes: note } });
      notes.set(lead.id, note);
      done.triageEdits++;
    }),
    loop('export', 5000, until, async () => {
      await cli(['export', '--db', db, '--out', join(dir, 'soak.csv'), '--include-test']);
      done.exports++;
    }),
    loop('backup', 30_000, until, async () => {
      await cli(['backup', '--db', db, '--out', join(dir, 'soak-backup.db')]);
      done.backups++;
    }),
  ]);
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  // One more scheduled sync after the last leads, then Ctrl+C.
  const syncsSoFar = done.syncs;
  while (done.syncs < syncsSoFar + 2) await new Promise((r) => setTimeout(r, 200));
  watch.kill('SIGINT');
  const watchCode = await watchExit;
  if (watchCode !== 0) errors.push(`watch exited with ${watchCode}`);
  const watched = openArchive(db);
  const realAdded = watched.db.prepare('SELECT count(*) FROM leads WHERE id > ? AND is_test = 0').pluck().get(copiedTo) as number;
  watched.close();
  if (done.leadsPrinted !== realAdded) errors.push(`watch printed ${done.leadsPrinted} new real leads; the archive gained ${realAdded}`);
  await cli(['sync', '--connection-string', azurite.connectionString, '--db', db]);
  done.syncs++;

  try {
    console.log((await cli(['check', '--db', db])).trim());
  } catch (error) {
    errors.push(`check: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  const source = await readTable(azurite.connectionString, TABLE);
  const archive = openArchive(db);
  const leads = archive.countLeads();
  if (leads !== source.size) errors.push(`the archive holds ${leads} leads, the table ${source.size}`);
  for (const [id, note] of notes) if (archive.getLead(id)?.triage.notes !== note) errors.push(`lead ${id} lost its triage note`);
  archive.close();

  const n = (value: number) => value.toLocaleString('en-US');
  console.log(
    `\n${n(done.syncs)} syncs (watch and sync), ${n(done.leadsAdded)} leads added during the soak (${n(done.leadsPrinted)} real ones printed by watch), ${n(done.queries)} queries and ${n(done.triageEdits)} triage edits in the app, ` +
      `${n(done.exports)} exports, ${n(done.backups)} backups; ${n(leads)} leads in the archive, ${n(source.size)} in the table.`,
  );
  console.log(`Errors: ${errors.length}`);
  for (const error of errors) console.log(`  ${error}`);
  process.exitCode = errors.length === 0 ? 0 : 1;
} finally {
  await azurite.stop();
  rmSync(dir, { recursive: true, force: true });
}
