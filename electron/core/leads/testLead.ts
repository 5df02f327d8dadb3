/**
 * Microsoft's test leads: every name-like field is `MSFT_TEST_<n>`, where <n> is a .NET tick count
 * (100 ns since 0001-01-01T00:00:00Z) taken when the lead was sent. Microsoft's only advice is to search
 * for `MSFT_TEST`, so any field containing it (in any case) marks the lead.
 */

const MARKER = /msft_test/i;
const TICKS = /msft_test_(\d{15,19})/i;
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;
const TICKS_PER_MS = 10_000n;

export interface TestLeadInfo {
  readonly isTest: boolean;
  /** When Microsoft sent the test lead, decoded from the tick suffix (ISO 8601 UTC), if one was found. */
  readonly sentAt: string | null;
}

/** Decodes a .NET tick count to an ISO 8601 UTC instant; null when it is not a plausible date. */
export function decodeDotNetTicks(ticks: string | bigint): string | null {
  let value: bigint;
  try {
    value = typeof ticks === 'bigint' ? ticks : BigInt(ticks);
  } catch {
    return null;
  }
  const ms = Number((value - TICKS_AT_UNIX_EPOCH) / TICKS_PER_MS);
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  // The marketplace's lead feature started in the 2010s; other numbers are not tick counts.
  if (!Number.isFinite(ms) || year < 2010 || year > 2200) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function detectTestLead(values: Iterable<string>): TestLeadInfo {
  let isTest = false;
  for (const value of values) {
    if (!MARKER.test(value)) continue;
    isTest = true;
    const ticks = TICKS.exec(value)?.[1];
    const sentAt = ticks ? decodeDotNetTicks(ticks) : null;
    if (sentAt) return { isTest, sentAt };
  }
  return { isTest, sentAt: null };
}
