/** The part of a BrowserWindow that bringing it to the front needs; tests hand in a stand-in. */
export interface RevealableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Brings a window to the user, as a second launch should: a minimised window is restored (focus alone
 * leaves it minimised), a hidden one shown, then focused. False when there is no window to reveal.
 */
export function revealWindow(window: RevealableWindow | undefined): boolean {
  if (!window || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
  return true;
}
