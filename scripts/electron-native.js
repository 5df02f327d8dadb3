// Builds better-sqlite3 for the installed Electron into out/native/electron-<version>/, next to (not over)
// the Node build that npm made in node_modules: `npm test` keeps using Node's, `npm start` loads this one
// through better-sqlite3's nativeBinding option. A prebuilt binary is fetched when one exists; otherwise it
// is compiled against Electron's headers.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

export function electronBindingPath() {
  const version = require('electron/package.json').version;
  return join(root, 'out', 'native', `electron-${version}`, 'better_sqlite3.node');
}

function run(command, args, cwd) {
  return spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

export function ensureElectronSqlite() {
  const target = electronBindingPath();
  if (existsSync(target)) return target;
  const version = require('electron/package.json').version;
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'lead-inbox-native-'));
  try {
    const copy = join(work, 'better-sqlite3');
    for (const part of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
      if (existsSync(join(source, part))) cpSync(join(source, part), join(copy, part), { recursive: true });
    }
    console.log(`Preparing the SQLite driver for Electron ${version} (first start only)...`);
    const prebuild = require.resolve('prebuild-install/bin.js');
    const fetched = run(process.execPath, [prebuild, '--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform], copy);
    const built =
      fetched ||
      run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], copy);
    const binary = join(copy, 'build', 'Release', 'better_sqlite3.node');
    if (!built || !existsSync(binary)) throw new Error('Could not prepare better-sqlite3 for Electron: check your internet connection, or install a C++ toolchain, then run npm start again.');
    mkdirSync(dirname(target), { recursive: true });
    cpSync(binary, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
