import { exportColumns, type ExportColumn } from './columns';
import { presetColumns, type CrmTarget, type HandOffTally } from './crmPresets';

/** Which columns an export writes: the inbox's own (default or all), or a CRM's hand-off columns. */
export type ColumnSpec =
  | { readonly set: 'default' | 'all'; readonly extraProperties: readonly string[] }
  | { readonly set: 'handoff'; readonly target: CrmTarget };

/** The columns of a spec, for the exporting thread and each range thread alike; a hand-off counts into `tally`. */
export function columnsFor(spec: ColumnSpec, tally: HandOffTally): ExportColumn[] {
  return spec.set === 'handoff' ? presetColumns(spec.target, tally) : exportColumns(spec.set, spec.extraProperties);
}

