/**
 * What to tell the core about the network: a change of Electron's online state, and every wake from sleep
 * (with the state then), so that what fell due during sleep runs once the network answers and a first
 * failure while it comes back is not counted against the destination. Null: nothing changed.
 */
export function networkUpdate(before: boolean | null, now: boolean, resumed: boolean): { readonly online: boolean; readonly resumed: boolean } | null {
  if (resumed) return { online: now, resumed: true };
  return before === now ? null : { online: now, resumed: false };
}

/** How often the main process looks at the online state: no event tells it, and the look costs nothing. */
export const NETWORK_POLL_MS = 5_000;
