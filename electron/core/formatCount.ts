/**
 * A whole number with comma thousands separators, as `toLocaleString('en-US')` writes it. Written out by
 * hand because the first locale-aware call loads ICU's data, about 15 ms, and a cron job's sync pays that
 * for one progress line.
 */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  if (!Number.isFinite(rounded)) return String(rounded);
  const digits = String(Math.abs(rounded));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : '');
  return rounded < 0 ? `-${grouped}` : grouped;
}
