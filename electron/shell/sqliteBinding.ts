import nodePath, { type PlatformPath } from 'node:path';
import { BINDING_FILE } from '../../scripts/nativeBinding.js';

export interface BindingPlace {
  readonly packaged: boolean;
  /** Electron's process.resourcesPath: where a package's extraResources land. */
  readonly resourcesPath: string;
  /** node:path, or path.win32 / path.posix to decide for another platform. */
  readonly path?: PlatformPath;
}

/**
 * Which file of the SQLite driver Electron loads: a package's own (resources/native, put there by the
 * beforePack hook, since a native module cannot load from inside the asar). Null in development, where
 * better-sqlite3 finds its prebuilt Node-API driver in node_modules by itself.
 */
export function sqliteBindingPath(place: BindingPlace): string | null {
  const path = place.path ?? nodePath;
  return place.packaged ? path.join(place.resourcesPath, 'native', BINDING_FILE) : null;
}
