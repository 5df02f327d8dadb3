import type { SaveFormat } from '../dispatch';

/** The save dialog's file-type filter for what the window saves: an export, or a backup of the archive. */
export function saveFilters(format: SaveFormat): { name: string; extensions: string[] }[] {
  if (format === 'db') return [{ name: 'Lead Inbox archive', extensions: ['db'] }];
  return [{ name: format.toUpperCase(), extensions: [format] }];
}
