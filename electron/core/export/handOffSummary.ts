import { formatCount } from '../formatCount';
import { CRM_PRESETS, LEFT_OUT_LABELS, LEFT_OUT_REASONS, PLACEHOLDER, type CrmTarget, type LeftOutReason } from './crmPresets';

/** The report a hand-off export returns (see HandOffReport), as far as a summary needs it. */
export interface HandOffOutcome {
  readonly target: CrmTarget;
  readonly leftOut: Partial<Record<LeftOutReason, number>>;
  readonly placeholders: Readonly<Record<string, number>>;
  readonly cut: Readonly<Record<string, number>>;
}

const n = formatCount;
const rows = (count: number) => `${n(count)} ${count === 1 ? 'row' : 'rows'}`;

type Includable = Exclude<LeftOutReason, 'noEmail'>;

/** How each kind left out by default is kept: the CLI's flag, and the export dialog's checkbox. */
export const INCLUDE_FLAGS: Readonly<Record<Includable, string>> = {
  test: '--include-test',
  doNotContact: '--include-do-not-contact',
  noPersonalData: '--include-no-personal-data',
};
export const INCLUDE_LABELS: Readonly<Record<Includable, string>> = {
  test: 'Keep test leads',
  doNotContact: 'Keep do-not-contact leads',
  noPersonalData: 'Keep leads without personal data',
};

const byHeader = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([header, count]) => `${header} (${rows(count)})`)
    .join(', ');

/**
 * What a user should know before importing a hand-off: what was left out and how to keep it, which
 * required fields got a placeholder, what was cut, and how the file was split. One sentence a line.
 */
export function handOffSummary(outcome: HandOffOutcome, files: readonly string[], door: 'cli' | 'window'): string[] {
  const preset = CRM_PRESETS[outcome.target];
  const lines: string[] = [];
  for (const reason of LEFT_OUT_REASONS) {
    const count = outcome.leftOut[reason];
    if (!count) continue;
    const how = reason === 'noEmail' ? '' : door === 'cli' ? ` (keep them with ${INCLUDE_FLAGS[reason]})` : ` (tick "${INCLUDE_LABELS[reason]}" to keep them)`;
    lines.push(`Left out ${n(count)} ${LEFT_OUT_LABELS[reason]}${how}.`);
  }
  const placeholders = byHeader(outcome.placeholders);
  if (placeholders) lines.push(`Filled with "${PLACEHOLDER}" because ${preset.label} requires a value: ${placeholders}.`);
  const cut = byHeader(outcome.cut);
  if (cut) lines.push(`Cut to the length ${preset.label} accepts: ${cut}.`);
  if (files.length > 1) {
    const limits = [preset.maxRows ? `${n(preset.maxRows)} leads` : '', `${Math.round(preset.maxBytes / 1024 / 1024)} MB`].filter(Boolean).join(' or ');
    lines.push(`Split into ${files.length} files, each under ${limits}; import them one after another.`);
  }
  return lines;
}
