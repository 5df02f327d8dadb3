/**
 * The View menu's items. Electron's default View menu carries Reload and Toggle Developer Tools, which in a
 * packaged app let anyone at the keyboard run script with the window's access to the core (and reload away
 * unsaved edits); they are there in a development build only.
 */
export type ViewRole = 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen';

export function viewMenuRoles(packaged: boolean): (ViewRole | 'separator')[] {
  const zoom: (ViewRole | 'separator')[] = ['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen'];
  return packaged ? zoom : ['reload', 'forceReload', 'toggleDevTools', 'separator', ...zoom];
}
