import { Command, InvalidArgumentError } from 'commander';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { addDestinationOptions, destinationFromFlags, UsageError, type DestinationFlags } from './cli/destinationOptions';
import { openInBrowser, startBrowserMode } from './cli/browserMode';
import { startDemo } from './cli/demo';
import { progressReporter } from './cli/progressLine';
import { addQueryOptions, queryFromFlags, type QueryFlags } from './cli/queryOptions';
import { testConnection } from './core/azure/diagnose';
import { exportLeads, formatFor } from './core/export';
import { queryLeads } from './core/inbox';
import { DestinationProblem, type Problem } from './core/azure/problems';
import { appDataDir, defaultArchivePath } from './core/paths';
import { KeyFileCipher } from './core/secrets';
import { writeSampleJsonl } from './core/sample';
import { ArchiveError, openArchive, type Archive } from './core/store';
import { syncDestination } from './core/sync';

/** Exit codes the CLI promises. */
const EXIT = { ok: 0, failure: 1, usage: 2, destination: 3 } as const;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return n;
}

function isoDate(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date such as 2024-01-31.');
  return new Date(value).toISOString();
}

function printProblem(problem: Problem): void {
  console.error(`Problem (${problem.code}): ${problem.message}`);
  console.error(`What to do: ${problem.fix}`);
}

/** Opens the archive named by --db (default: the app's own), saying which file it is. */
function withArchive<T>(db: string | undefined, use: (archive: Archive) => Promise<T>): Promise<T> {
  const file = db ?? defaultArchivePath();
  if (!db) console.error(`Archive: ${file}`);
  const archive = openArchive(file);
  return use(archive).finally(() => archive.close());
}

class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function buildProgram(): Command {
  const program = new Command('lead-inbox')
    .description('Lead Inbox: an offline archive and inbox for Microsoft commercial-marketplace leads.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('generate')
    .description('Write realistic sample marketplace lead entities as JSON Lines (for demos, tests and benchmarks).')
    .requiredOption('--count <n>', 'how many leads', positiveInteger)
    .option('--seed <n>', 'random seed; the same seed always gives the same leads', positiveInteger, 1)
    .option('--from <date>', 'oldest lead time', isoDate)
    .option('--to <date>', 'newest lead time', isoDate)
    .option('--out <file>', 'output file, or - for standard output', '-')
    .action(async (options: { count: number; seed: number; from?: string; to?: string; out: string }) => {
      const toStdout = options.out === '-';
      const out = toStdout ? process.stdout : createWriteStream(options.out);
      const written = await writeSampleJsonl(options, out);
      if (!toStdout) {
        out.end();
        await finished(out);
        console.error(`Wrote ${written} sample leads to ${options.out}`);
      }
    });

  addDestinationOptions(
    program
      .command('sync')
      .description('Copy the leads of an Azure Table (or legacy Blob) destination into the local archive. Reads only; never writes to Azure.')
      .option('--db <file>', 'archive file (default: the app\'s archive in your app-data folder)'),
  ).action((flags: DestinationFlags) =>
    withArchive(flags.db, async (archive) => {
      const { destination, secret, saved } = destinationFromFlags(archive, flags);
      console.error(`Destination: ${destination.name} [${destination.id}]${saved ? ' (secret saved encrypted)' : ''}`);
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      const progress = progressReporter();
      try {
        const result = await syncDestination(archive, destination, secret, { signal: abort.signal, onProgress: progress.report });
        progress.done();
        const n = (v: number) => v.toLocaleString('en-US');
        console.log(
          `${result.cancelled ? 'Cancelled' : 'Synced'} (${result.mode}): ${n(result.inserted)} new, ${n(result.updated)} updated, ` +
            `${n(result.total)} in the archive for this destination, ${result.seconds.toFixed(1)} s.` +
            (result.cancelled ? ' Run the same command again to resume.' : ''),
        );
        if (result.cancelled) throw new ExitCode(EXIT.failure);
      } finally {
        progress.done();
        process.off('SIGINT', stop);
      }
    }),
  );

  addDestinationOptions(
    program
      .command('test-connection')
      .description('Check that a destination can be read, and say what to do when it cannot.')
      .option('--db <file>', 'archive file (default: the app\'s archive in your app-data folder)'),
  ).action((flags: DestinationFlags) =>
    withArchive(flags.db, async (archive) => {
      const { destination, secret } = destinationFromFlags(archive, flags);
      const diagnosis = await testConnection(destination, secret);
      if (!diagnosis.ok) throw new DestinationProblem(diagnosis.problem);
      console.log(`OK: ${diagnosis.message}`);
    }),
  );

  addQueryOptions(
    program
      .command('list')
      .description('Print the leads a query selects, newest first (real leads only unless --include-test or --all).')
      .option('--db <file>', 'archive file (default: the app\'s archive in your app-data folder)')
      .option('--limit <n>', 'how many leads to print', positiveInteger, 50)
      .option('--json', 'one JSON object per line instead of a table'),
  ).action((flags: QueryFlags & { db?: string; limit: number; json?: boolean }) =>
    withArchive(flags.db, async (archive) => {
      const page = queryLeads(archive, queryFromFlags(archive, flags), { limit: flags.limit });
      if (flags.json) {
        for (const row of page.rows) console.log(JSON.stringify(row));
      } else {
        for (const row of page.rows) {
          const name = `${row.firstName} ${row.lastName}`.trim() || '(no name)';
          const flagsText = [row.isTest ? 'TEST' : '', row.doNotContact ? 'DNC' : '', row.duplicates > 1 ? `dup×${row.duplicates}` : ''].filter(Boolean).join(' ');
          console.log([row.receivedAt.slice(0, 16).replace('T', ' '), row.action.padEnd(5), name, `<${row.email}>`, row.company, row.offer, row.status, flagsText].filter(Boolean).join('  '));
        }
      }
      console.error(`${page.rows.length.toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')} matching leads shown.`);
    }),
  );

  addQueryOptions(
    program
      .command('export')
      .description('Write exactly the leads a query selects to a CSV or XLSX file (real leads only unless --include-test or --all).')
      .option('--db <file>', 'archive file (default: the app\'s archive in your app-data folder)')
      .requiredOption('--out <file>', 'output file: .csv or .xlsx')
      .option('--columns <set>', 'default, or all (adds raw lead source, keys, Timestamp and every extra property)', 'default')
      .option('--no-bom', 'CSV without the UTF-8 byte-order mark (Excel needs it for accents; other tools may not)'),
  ).action((flags: QueryFlags & { db?: string; out: string; columns: string; bom: boolean }) =>
    withArchive(flags.db, async (archive) => {
      if (flags.columns !== 'default' && flags.columns !== 'all') throw new UsageError('--columns is default or all.');
      let format;
      try {
        format = formatFor(flags.out);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      try {
        const result = await exportLeads(archive, queryFromFlags(archive, flags), {
          file: flags.out,
          format,
          columns: flags.columns,
          bom: flags.bom,
          signal: abort.signal,
          onProgress: (p) => process.stderr.write(`exported ${p.rows.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')}\n`),
        });
        if (result.cancelled) {
          console.error('Export cancelled; no file was written.');
          throw new ExitCode(EXIT.failure);
        }
        console.log(`Exported ${result.rows.toLocaleString('en-US')} leads, ${result.columns.length} columns, to ${result.file} in ${result.seconds.toFixed(1)} s.`);
      } finally {
        process.off('SIGINT', stop);
      }
    }),
  );

  program
    .command('serve')
    .description('Open the inbox in your browser: the app\'s window and API on 127.0.0.1 only, behind a random token.')
    .option('--db <file>', 'archive file (default: the app\'s archive in your app-data folder)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', positiveInteger)
    .option('--key-file <file>', 'key that encrypts saved credentials (default: lead-inbox.key in your app-data folder)')
    .option('--open', 'open the inbox in your default browser')
    .action((flags: { db?: string; port?: number; keyFile?: string; open?: boolean }) =>
      withArchive(flags.db, async (archive) => {
        const keyFile = flags.keyFile ?? join(appDataDir(), 'lead-inbox.key');
        const mode = await startBrowserMode(archive, new KeyFileCipher(keyFile), { port: flags.port });
        console.error(`Credentials are encrypted with ${keyFile}.`);
        console.log(`Lead Inbox is open at ${mode.server.url}`);
        console.error('Press Ctrl+C to stop.');
        if (flags.open) openInBrowser(mode.server.url);
        await untilStopped();
        await mode.close();
      }),
    );

  program
    .command('demo')
    .description('Run the inbox on sample data: starts Azurite on loopback, fills a MarketplaceLeads table, syncs it, and serves the inbox.')
    .option('--count <n>', 'how many sample leads', positiveInteger, 5000)
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', positiveInteger)
    .option('--open', 'open the inbox in your default browser')
    .action(async (flags: { count: number; port?: number; open?: boolean }) => {
      const demo = await startDemo({ count: flags.count, port: flags.port });
      console.log(`Lead Inbox demo is open at ${demo.url}`);
      console.error('Press Ctrl+C to stop; everything the demo started is then stopped and removed.');
      if (flags.open) openInBrowser(demo.url);
      await untilStopped();
      await demo.stop();
    });

  return program;
}

/** Resolves on Ctrl+C or a termination request, so the caller can stop what it started. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof ExitCode) return error.code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
    if (code?.startsWith('commander.')) return EXIT.usage;
    if (error instanceof UsageError) {
      console.error(`lead-inbox: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof DestinationProblem) {
      printProblem(error.problem);
      return EXIT.destination;
    }
    if (error instanceof ArchiveError) {
      console.error(`lead-inbox: ${error.message}`);
      return EXIT.failure;
    }
    console.error(`lead-inbox: ${(error as Error).message}`);
    return EXIT.failure;
  }
}

process.exitCode = await main(process.argv.slice(2));
