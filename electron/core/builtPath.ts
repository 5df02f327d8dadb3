import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root: the nearest folder above this module that holds a package.json. The same folder
 * whether this runs from source (electron/), from a bundle (out/cli, out/main) or from a packaged app's
 * asar, so built files are found the same way everywhere.
 */
export function projectRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}: Lead Inbox is not installed as a whole.`);
  }
}

/** A file or folder of the build (`npm run build` writes out/). */
export function builtPath(...parts: string[]): string {
  return join(projectRoot(), 'out', ...parts);
}
