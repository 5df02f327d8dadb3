import { InvalidArgumentError, type Command } from 'commander';
import { BUILT_IN_VIEW_IDS } from '../core/inbox/viewIds';
import { HOT_SCORE } from '../core/leads/quality';

export interface QueryFlags {
  search?: string;
  offer?: string[];
  action?: string[];
  source?: string[];
  country?: string[];
  status?: string[];
  from?: string;
  to?: string;
  includeTest?: boolean;
  all?: boolean;
  view?: string;
  sort?: string;
  destination?: string;
  hot?: boolean;
}

/** `export`'s own flags beside the query's. */
export interface ExportFlags extends QueryFlags {
  db?: string;
  out: string;
  columns: string;
  bom: boolean;
  for?: string;
  includeDoNotContact?: boolean;
  includeNoPersonalData?: boolean;
  json?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function date(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date such as 2024-01-31.');
  return value;
}

/** The filters `list` and `export` share; they build the same query the inbox does (cli/leadQueryFlags.ts). */
export function addQueryOptions(command: Command): Command {
  return command
    .option('--search <text>', 'words that must start a word in the name, email, company, title, description, offer or country')
    .option('--offer <id>', 'only this offer (repeat or comma-separate for several)', collect)
    .option('--action <code>', 'only this action code: INS, PLT, DNC, Create, StartTestDrive… (repeatable)', collect)
    .option('--source <code>', 'only this source: AzureMarketplace, AzurePortal, SPZA, TestDrive (repeatable)', collect)
    .option('--country <code>', 'only this country (repeatable)', collect)
    .option('--status <status>', 'only this triage status: new, contacted, qualified, disqualified (repeatable)', collect)
    .option('--from <date>', 'received on or after this date', date)
    .option('--to <date>', 'received on or before this date (a bare date includes the whole day, UTC)', date)
    .option('--hot', `only hot leads: a quality score of ${HOT_SCORE} or more (docs/user-guide.md says how it is computed)`)
    .option('--include-test', 'include Microsoft\'s MSFT_TEST test leads')
    .option('--all', 'every lead, test leads included')
    .option('--destination <id>', 'only leads from this destination: a saved destination\'s id, or "imported" for imported files')
    .option('--view <name>', `start from a view: ${BUILT_IN_VIEW_IDS.join(', ')}, or a saved view's name`)
    .option('--sort <column[:asc|desc]>', 'sort order (default: receivedAt:desc, newest first; quality sorts best first)');
}
