import { exportColumns, type ExportColumn, type ExportRecord } from './columns';
import { presetColumns, type CrmTarget, type HandOffInclude, type HandOffTally } from './crmPresets';
import { handOffFilter } from './handOffFilter';

/** Which columns an export writes: the inbox's own (default or all), or a CRM's hand-off columns. */
export type ColumnSpec =
  | { readonly set: 'default' | 'all'; readonly extraProperties: readonly string[] }
  | { readonly set: 'handoff'; readonly target: CrmTarget; readonly include?: HandOffInclude };

/**
 * The columns of a spec, for the exporting thread and each range thread alike, and for a hand-off which
 * records it keeps; a hand-off counts what it leaves out and changes into `tally`.
 */
export function columnsFor(spec: ColumnSpec, tally: HandOffTally): { columns: ExportColumn[]; keep?: (record: ExportRecord) => boolean } {
  if (spec.set !== 'handoff') return { columns: exportColumns(spec.set, spec.extraProperties) };
  return { columns: presetColumns(spec.target, tally), keep: handOffFilter(spec.target, spec.include, tally) };
}
