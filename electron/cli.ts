/**
 * The `lead-inbox` command: its commands, options and exit codes. Each command's work lives in
 * cli/commands.ts, loaded only when a command runs, so help and usage errors answer at once.
 */
import { Command, InvalidArgumentError } from 'commander';
import { addDestinationOptions, type DestinationFlags } from './cli/destinationOptions';
import { version } from '../package.json';
import { EXIT, reportError } from './cli/errors';
import { addQueryOptions, type ExportFlags, type QueryFlags } from './cli/queryOptions';

const commands = () => import('./cli/commands');

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return n;
}

function positiveMinutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 24 * 60) throw new InvalidArgumentError('expected a number of minutes above 0, at most 1440 (a day).');
  return n;
}

function isoDate(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date such as 2024-01-31.');
  return new Date(value).toISOString();
}

const DB_HELP = 'archive file (default: the app\'s archive in your app-data folder)';

export function buildProgram(): Command {
  const program = new Command('lead-inbox')
    .description('Lead Inbox: an offline archive and inbox for Microsoft commercial-marketplace leads.')
    .version(version, '-v, --version', 'print the version')
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
    .action(async (options: { count: number; seed: number; from?: string; to?: string; out: string }) => (await commands()).generate(options));

  addDestinationOptions(
    program
      .command('sync')
      .description('Copy the leads of an Azure Table (or legacy Blob) destination into the local archive. Reads only; never writes to Azure.')
      .option('--db <file>', DB_HELP),
  ).action(async (flags: DestinationFlags) => (await commands()).sync(flags));

  addDestinationOptions(
    program
      .command('watch')
      .description('Sync a destination every few minutes until stopped, printing one line per new real lead (received time, name, email, offer): keeps an archive current on a server, without the window.')
      .option('--every <minutes>', 'minutes between syncs (fractions allowed)', positiveMinutes, 15)
      .option('--json', 'print each new lead as one JSON object per line')
      .option('--db <file>', DB_HELP),
  ).action(async (flags: DestinationFlags & { every: number; json?: boolean }) => (await commands()).watch(flags));

  addDestinationOptions(
    program
      .command('test-connection')
      .description('Check that a destination can be read, and say what to do when it cannot.')
      .option('--db <file>', `${DB_HELP}; read only for --destination`),
  ).action(async (flags: DestinationFlags) => (await commands()).testConnection(flags));

  addQueryOptions(
    program
      .command('list')
      .description('Print the leads a query selects, newest first (real leads only unless --include-test or --all).')
      .option('--db <file>', DB_HELP)
      .option('--limit <n>', 'how many leads to print', positiveInteger, 50)
      .option('--json', 'one JSON object per line instead of a table'),
  ).action(async (flags: QueryFlags & { db?: string; limit: number; json?: boolean }) => (await commands()).list(flags));

  addQueryOptions(
    program
      .command('export')
      .description('Write exactly the leads a query selects to a CSV or XLSX file (real leads only unless --include-test or --all).')
      .option('--db <file>', DB_HELP)
      .requiredOption('--out <file>', 'output file: .csv or .xlsx')
      .option('--columns <set>', 'default, or all (adds raw lead source, keys, Timestamp and every extra property)', 'default')
      .option('--no-bom', 'CSV without the UTF-8 byte-order mark (Excel needs it for accents; other tools may not)')
      .option('--for <crm>', 'a CSV for a CRM\'s import wizard: salesforce, dynamics, marketo or hubspot (its header names, required fields, lengths and file limits)')
      .option('--include-do-not-contact', 'with --for: keep do-not-contact leads (left out by default)')
      .option('--include-no-personal-data', 'with --for: keep leads without personal data, such as .edu customers\' (left out by default)')
      .option('--json', 'print the outcome as one JSON object (files, rows, and for --for what was left out, filled in or cut)'),
  ).action(async (flags: ExportFlags) => (await commands()).exportLeads(flags));

  program
    .command('import')
    .description('Import lead files into the archive: saved HTTPS-endpoint payloads (.json with one lead or an array, .jsonl with one a line) and Partner Center Referrals downloads (.csv). A folder imports every such file in it. Importing the same leads again adds nothing.')
    .argument('<paths...>', 'lead files or folders')
    .option('--db <file>', DB_HELP)
    .option('--json', 'print the outcome as one JSON object')
    .action(async (paths: string[], flags: { db?: string; json?: boolean }) => (await commands()).importFiles(paths, flags));

  program
    .command('backup')
    .description('Copy the archive to a file while it stays in use (SQLite\'s online backup; safe while another process syncs). The copy is checked before it is kept. Restoring is opening the copy with --db, or putting it in place of the archive while Lead Inbox is closed.')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--db <file>', DB_HELP)
    .option('--include-secrets', 'keep saved credentials (encrypted with this computer\'s key; on another computer they must be added again)')
    .option('--json', 'print the outcome as one JSON object')
    .action(async (flags: { db?: string; out: string; includeSecrets?: boolean; json?: boolean }) => (await commands()).backup(flags));

  program
    .command('check')
    .description('Check an archive without changing it: SQLite\'s integrity check, the search index and counts against the leads, and leads per destination. Exits 0 only for a sound archive.')
    .option('--db <file>', DB_HELP)
    .option('--json', 'print the outcome as one JSON object')
    .action(async (flags: { db?: string; json?: boolean }) => (await commands()).check(flags));

  program
    .command('serve')
    .description('Open the inbox in your browser: the app\'s window and API on 127.0.0.1 only, behind a random token.')
    .option('--db <file>', DB_HELP)
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', positiveInteger)
    .option('--key-file <file>', 'key that encrypts saved credentials (default: lead-inbox.key in your app-data folder)')
    .option('--open', 'open the inbox in your default browser')
    .action(async (flags: { db?: string; port?: number; keyFile?: string; open?: boolean }) => (await commands()).serve(flags));

  program
    .command('demo')
    .description('Run the inbox on sample data: starts Azurite on loopback, fills a MarketplaceLeads table, syncs it, and serves the inbox.')
    .option('--count <n>', 'how many sample leads', positiveInteger, 5000)
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', positiveInteger)
    .option('--open', 'open the inbox in your default browser')
    .action(async (flags: { count: number; port?: number; open?: boolean }) => (await commands()).demo(flags));

  return program;
}

/** Runs the command line and returns the exit code; every failure ends as a sentence, never a stack trace. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const report = reportError(error, env.LEAD_INBOX_DEBUG === '1');
    for (const line of report.lines) console.error(line);
    return report.code;
  }
}
