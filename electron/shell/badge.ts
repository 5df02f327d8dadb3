/**
 * The app's badge (the dock on macOS, the launcher on Linux) follows the window's title, where the window
 * counts the leads that arrived by themselves: "(3) Lead Inbox". One count, kept by the window.
 */
export function badgeCountFromTitle(title: string): number {
  const match = /^\((\d{1,9})\) /.exec(title);
  return match ? Number(match[1]) : 0;
}
