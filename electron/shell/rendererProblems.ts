/**
 * What the app says when its window's page dies or hangs. A crashed page would otherwise leave a blank
 * window; a hung one, a frozen window with no way out but killing the app. The archive lives in the core,
 * not the page, so reloading loses nothing but an unsaved note being typed.
 */
export interface RendererDialog {
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
  readonly actions: readonly ('reload' | 'wait' | 'quit')[];
}

/** Electron's render-process-gone reasons that are not a fault: the window is closing anyway. */
const EXPECTED = new Set(['clean-exit']);

export function rendererGoneDialog(reason: string, exitCode: number): RendererDialog | null {
  if (EXPECTED.has(reason)) return null;
  const why = reason === 'oom' ? 'it ran out of memory' : reason === 'crashed' ? 'it crashed' : reason === 'killed' ? 'it was ended by the system' : `it stopped (${reason}, exit code ${exitCode})`;
  return {
    message: 'Lead Inbox\'s window stopped working',
    detail: `The window's page closed: ${why}. Your archive and its leads are safe. Reload the window to go on; the details are in the log (Help › Open Log Folder).`,
    buttons: ['Reload', 'Quit'],
    actions: ['reload', 'quit'],
  };
}

export function rendererHungDialog(): RendererDialog {
  return {
    message: 'Lead Inbox\'s window is not responding',
    detail: 'It may be busy with a large list and come back by itself. Reload it to go on now: your archive and its leads are safe.',
    buttons: ['Wait', 'Reload'],
    actions: ['wait', 'reload'],
  };
}
