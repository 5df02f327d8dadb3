import nodePath, { type PlatformPath } from 'node:path';
import { BINDING_FILE, nativeBindingDir } from '../../scripts/nativeBinding.js';

export interface BindingPlace {
  readonly packaged: boolean;
  /** Electron's process.resourcesPath: where a package's extraResources land. */
  readonly resourcesPath: string;
  /** The project folder, in development. */
  readonly root: string;
  readonly electronVersion: string;
  readonly sqliteVersion: string;
  readonly platform: string;
  readonly arch: string;
  readonly exists: (file: string) => boolean;
  /** node:path, or path.win32 / path.posix to decide for another platform. */
  readonly path?: PlatformPath;
}

/**
 * Which build of the SQLite driver Electron loads: the package's own (resources/native, put there by the
 * beforePack hook), or in development the one `npm start` made for exactly this Electron, driver version,
 * platform and architecture. Null: none fits, which `npm start` prevents by building it first.
 */
export function sqliteBindingPath(place: BindingPlace): string | null {
  const path = place.path ?? nodePath;
  if (place.packaged) return path.join(place.resourcesPath, 'native', BINDING_FILE);
  const file = path.join(nativeBindingDir(place.root, place, path), BINDING_FILE);
  return place.exists(file) ? file : null;
}
