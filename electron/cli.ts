import { Command, InvalidArgumentError } from 'commander';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { writeSampleJsonl } from './core/sample';

/** Exit codes the CLI promises: 0 success, 2 bad usage, 1 anything else. */
const EXIT_USAGE = 2;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return n;
}

function isoDate(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date such as 2024-01-31.');
  return new Date(value).toISOString();
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

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (code?.startsWith('commander.')) return EXIT_USAGE;
    console.error(`lead-inbox: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
