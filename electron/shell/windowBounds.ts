/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the app saved of its window when it last closed. */
export interface SavedWindow {
  readonly width: number;
  readonly height: number;
  readonly x?: number;
  readonly y?: number;
  readonly maximized?: boolean;
}

/** How much of the title bar must lie on a display for the user to grab and move the window. */
const TITLE_BAR = 32;
const GRAB_WIDTH = 100;

function grabbableOn(bounds: Rect, area: Rect): boolean {
  const left = Math.max(bounds.x, area.x);
  const right = Math.min(bounds.x + bounds.width, area.x + area.width);
  return right - left >= GRAB_WIDTH && bounds.y >= area.y && bounds.y + TITLE_BAR <= area.y + area.height;
}

/**
 * Where the window opens: where it was, when its title bar still lies on one of the connected displays'
 * work areas; otherwise (a display unplugged, undocked, rearranged or smaller now) centred on the primary
 * display. The size never exceeds the display it opens on. `displays` are the work areas of
 * screen.getAllDisplays(), `primary` that of screen.getPrimaryDisplay().
 */
export function restoredBounds(saved: SavedWindow, displays: readonly Rect[], primary: Rect): Rect & { readonly maximized: boolean } {
  const maximized = saved.maximized === true;
  if (saved.x !== undefined && saved.y !== undefined) {
    const wanted = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
    const home = displays.find((area) => grabbableOn(wanted, area));
    if (home) return { ...wanted, width: Math.min(saved.width, home.width), height: Math.min(saved.height, home.height), maximized };
  }
  const width = Math.min(saved.width, primary.width);
  const height = Math.min(saved.height, primary.height);
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height, maximized };
}
