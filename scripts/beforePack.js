// electron-builder's beforePack hook: puts the SQLite driver for the platform and architecture being packed
// where electron-builder.yml's extraResources takes it from (a native module cannot load from inside the
// asar). The driver is better-sqlite3's own prebuilt Node-API binary, the same file Node loads in the tests.
import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BINDING_FILE, isNodeApiDriver, prebuildName } from './nativeBinding.js';

/** electron-builder's Arch enum, by value. */
const ARCHES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCHES[context.arch];
  if (!arch || arch === 'universal') throw new Error(`Lead Inbox packages one architecture at a time (asked: ${arch ?? context.arch}).`);
  const require = createRequire(join(context.packager.projectDir, 'package.json'));
  const driverDir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = require('better-sqlite3/package.json');
  if (!isNodeApiDriver(version)) {
    throw new Error(`better-sqlite3 ${version} is installed, a build for this Node only; the app needs 13 or newer. Use Node 22 or newer and run npm ci again.`);
  }
  const binding = join(driverDir, 'prebuilds', prebuildName(platform, arch));
  if (!existsSync(binding)) throw new Error(`better-sqlite3 ${version} has no ${binding}: run npm ci again.`);
  const staged = join(context.packager.projectDir, 'out', 'native', 'package');
  mkdirSync(staged, { recursive: true });
  cpSync(binding, join(staged, `${BINDING_FILE}.partial`));
  renameSync(join(staged, `${BINDING_FILE}.partial`), join(staged, BINDING_FILE));
}
