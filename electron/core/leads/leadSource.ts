import { describeAction, describeSource } from './catalog';

/** A parsed `LeadSource` value: `Source-Action|Offer`, e.g. `AzureMarketplace-INS|checkpoint.r77-byol`. */
export interface ParsedLeadSource {
  readonly raw: string;
  /** Canonical source code when known (`SPZA`), else the text as found; empty when absent. */
  readonly source: string;
  /** Canonical action code when known (`INS`), else the text as found; empty when absent. */
  readonly action: string;
  /** `publisherid.offerid` or, in Salesforce-style data, the offer's name; never split further. */
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
  /** False when the value did not have the documented shape; the parts are then best effort. */
  readonly wellFormed: boolean;
}

// Microsoft's test leads in the Salesforce form (`MSFT_TEST_<n>-MSFT_TEST_<n>|Offer Name`) put their marker
// where the codes go: it names no source and no action, and as a code it made each test lead a "source".
const TEST_MARKER = /^msft_test/i;

function canonical(code: string, describe: typeof describeSource): string {
  const trimmed = code.trim();
  if (TEST_MARKER.test(trimmed)) return '';
  return describe(trimmed)?.code ?? trimmed;
}

/**
 * Splits on the first `|` (offer ids contain `-` and `.`, so the offer is never split), then the left part
 * on its first `-`. Anything that does not fit keeps the raw text and is flagged, never thrown away.
 */
export function parseLeadSource(value: unknown): ParsedLeadSource {
  const raw = value === null || value === undefined ? '' : String(value);
  const bar = raw.indexOf('|');
  const left = bar >= 0 ? raw.slice(0, bar) : raw;
  const offer = bar >= 0 ? raw.slice(bar + 1).trim() : '';
  const dash = left.indexOf('-');
  const source = canonical(dash >= 0 ? left.slice(0, dash) : left, describeSource);
  const action = dash >= 0 ? canonical(left.slice(dash + 1), describeAction) : '';
  const dot = offer.indexOf('.');
  const looksLikeId = dot > 0 && !/\s/.test(offer);
  return {
    raw,
    source,
    action,
    offer,
    publisherId: looksLikeId ? offer.slice(0, dot) : '',
    offerId: looksLikeId ? offer.slice(dot + 1) : '',
    wellFormed: bar >= 0 && dash > 0 && dash < left.length - 1 && left.slice(0, dash).trim() !== '' && offer !== '',
  };
}
