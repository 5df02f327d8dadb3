import { useEffect, useRef } from 'react';

/** The window's single-key shortcuts, active whenever the user is not typing in a field. */
export const SHORTCUT_ACTIONS: Readonly<Record<string, 'search' | 'help' | 'export' | 'status'>> = {
  '/': 'search',
  '?': 'help',
  e: 'export',
  s: 'status',
};

const SHORTCUTS: readonly (readonly [keys: string, what: string])[] = [
  ['↓ or j', 'Next lead (shown in the reading pane)'],
  ['↑ or k', 'Previous lead'],
  ['Page Down / Page Up, Home / End', 'A page down or up, the first or last lead'],
  ['Enter', 'Move into the lead shown, to triage it'],
  ['s', 'Set the status of the lead shown'],
  ['/', 'Search (Ctrl+F works too)'],
  ['e', 'Export the leads in view'],
  ['Ctrl+C, Ctrl+Shift+C', 'Copy the cell, or the whole row'],
  ['← →', 'Move between cells'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close a dialog'],
];

/** True while keys are text being typed (a field, a list to pick from, an editable area). */
export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** Every shortcut, in a modal dialog (Esc or Close ends it). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td><kbd>{keys}</kbd></td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => dialog.current?.close()} autoFocus>Close</button>
      </div>
    </dialog>
  );
}
