import { parseLeadQuery, type LeadQuery, type LeadQueryInput, type View } from '../core/inbox';
import { IMPORTED_DESTINATION } from '../core/service';
import { UsageError } from './errors';
import type { QueryFlags } from './queryOptions';

/** The query `list` and `export` run: a view (built-in or saved) narrowed by the filter flags. */
export function queryFromFlags(views: readonly View[], flags: QueryFlags): LeadQuery {
  let base: LeadQueryInput = {};
  if (flags.view) {
    const wanted = flags.view.toLowerCase();
    const view = views.find((v) => v.id === wanted || v.name.toLowerCase() === wanted);
    if (!view) throw new UsageError(`No view "${flags.view}". Views: ${views.map((v) => v.name).join(', ')}.`);
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
  if (flags.destination !== undefined) input.destinationId = flags.destination.toLowerCase() === 'imported' ? IMPORTED_DESTINATION : flags.destination;
  if (flags.includeTest || flags.all) input.test = 'all';
  if (flags.all) input.doNotContact = 'any';
  if (flags.hot) input.hot = true;
  if (flags.sort) {
    const [column, direction = column === 'receivedAt' || column === 'quality' ? 'desc' : 'asc'] = flags.sort.split(':');
    input.sort = { column, direction };
  }
  try {
    return parseLeadQuery(input);
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
    if (!issues) throw error;
    throw new UsageError(issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  }
}
