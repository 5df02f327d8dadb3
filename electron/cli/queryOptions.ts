import { InvalidArgumentError, type Command } from 'commander';
import { BUILT_IN_VIEWS, listViews, parseLeadQuery, type LeadQuery, type LeadQueryInput } from '../core/inbox';
import type { Archive } from '../core/store';
import { UsageError } from './destinationOptions';

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
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function date(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError('expected a date such as 2024-01-31.');
  return value;
}

/** The filters `list` and `export` share; they build the same query the inbox does. */
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
    .option('--include-test', 'include Microsoft\'s MSFT_TEST test leads')
    .option('--all', 'every lead, test leads included')
    .option('--view <name>', `start from a view: ${BUILT_IN_VIEWS.map((v) => v.id).join(', ')}, or a saved view's name`)
    .option('--sort <column[:asc|desc]>', 'sort order (default: receivedAt:desc, newest first)');
}

export function queryFromFlags(archive: Archive, flags: QueryFlags): LeadQuery {
  let base: LeadQueryInput = {};
  if (flags.view) {
    const wanted = flags.view.toLowerCase();
    const view = listViews(archive).find((v) => v.id === wanted || v.name.toLowerCase() === wanted);
    if (!view) throw new UsageError(`No view "${flags.view}". Views: ${listViews(archive).map((v) => v.name).join(', ')}.`);
    base = view.query;
  }
  const input: Record<string, unknown> = { ...base };
  if (flags.search !== undefined) input.text = flags.search;
  if (flags.offer) input.offers = flags.offer;
  if (flags.action) input.actions = flags.action;
  if (flags.source) input.sources = flags.source;
  if (flags.country) input.countries = flags.country;
  if (flags.status) input.statuses = flags.status;
  if (flags.from || flags.to) input.date = { preset: 'custom', from: flags.from, to: flags.to };
  if (flags.includeTest || flags.all) input.test = 'all';
  if (flags.all) input.doNotContact = 'any';
  if (flags.sort) {
    const [column, direction = column === 'receivedAt' ? 'desc' : 'asc'] = flags.sort.split(':');
    input.sort = { column, direction };
  }
  const parsed = parseLeadQueryOrUsage(input);
  return parsed;
}

function parseLeadQueryOrUsage(input: unknown): LeadQuery {
  try {
    return parseLeadQuery(input);
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    if (!issues) throw error;
    throw new UsageError(issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  }
}
