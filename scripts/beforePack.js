// electron-builder's beforePack hook: puts Electron's build of the SQLite driver for the platform and
// architecture being packed where electron-builder.yml's extraResources takes it from. node_modules is
// never rebuilt in place (npmRebuild: false), so `npm test` and the CLI keep their Node build.
import { cpSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ensureElectronSqlite } from './electron-native.js';
import { BINDING_FILE } from './nativeBinding.js';

/** electron-builder's Arch enum, by value. */
const ARCHES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCHES[context.arch];
  if (!arch || arch === 'universal') throw new Error(`Lead Inbox packages one architecture at a time (asked: ${arch ?? context.arch}).`);
  const binding = ensureElectronSqlite({ platform, arch });
  const staged = join(context.packager.projectDir, 'out', 'native', 'package');
  mkdirSync(staged, { recursive: true });
  cpSync(binding, join(staged, `${BINDING_FILE}.partial`));
  renameSync(join(staged, `${BINDING_FILE}.partial`), join(staged, BINDING_FILE));
}
