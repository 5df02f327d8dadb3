// Builds better-sqlite3 for Electron into out/native/<key>/, next to (not over) the Node build that npm made
// in node_modules: `npm test` and the CLI keep using Node's, the desktop app loads this one through
// better-sqlite3's nativeBinding option. A prebuilt binary is fetched when one exists; otherwise (same
// platform only) it is compiled against Electron's headers.
import { execSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BINDING_FILE, electronArch, nativeBindingDir, nodeCommand } from './nativeBinding.js';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

function translatedByRosetta() {
  if (process.platform !== 'darwin') return false;
  try {
    return execSync('sysctl -in sysctl.proc_translated', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === '1';
  } catch {
    return false;
  }
}

/** The platform and architecture of the Electron that `npm start` runs on this machine. */
export function hostTarget() {
  return { platform: process.platform, arch: electronArch({ platform: process.platform, nodeArch: process.arch, env: process.env, translatedByRosetta: translatedByRosetta() }) };
}

export function bindingKey({ platform, arch }) {
  return { electronVersion: require('electron/package.json').version, sqliteVersion: require('better-sqlite3/package.json').version, platform, arch };
}

function runNode(script, args, cwd) {
  const { command, args: argv, options } = nodeCommand(process.execPath, script, args);
  return spawnSync(command, argv, { ...options, cwd, stdio: 'inherit' }).status === 0;
}

function nodeGypScript() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm carries its own node-gyp.
    return join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  }
}

/** Returns the path of Electron's SQLite driver for `target` (default: this machine), making it if needed. */
export function ensureElectronSqlite(target = hostTarget()) {
  const key = bindingKey(target);
  const dir = nativeBindingDir(root, key);
  const file = join(dir, BINDING_FILE);
  if (existsSync(file)) return file;
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'lead-inbox-native-'));
  try {
    const copy = join(work, 'better-sqlite3');
    for (const part of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
      if (existsSync(join(source, part))) cpSync(join(source, part), join(copy, part), { recursive: true });
    }
    console.log(`Preparing the SQLite driver for Electron ${key.electronVersion} on ${key.platform}-${key.arch} (once)...`);
    const prebuild = require.resolve('prebuild-install/bin.js');
    const fetched = runNode(prebuild, ['--runtime', 'electron', '--target', key.electronVersion, '--arch', key.arch, '--platform', key.platform], copy);
    const built =
      fetched ||
      (key.platform === process.platform &&
        runNode(nodeGypScript(), ['rebuild', '--release', `--target=${key.electronVersion}`, `--arch=${key.arch}`, '--dist-url=https://electronjs.org/headers'], copy));
    const binary = join(copy, 'build', 'Release', BINDING_FILE);
    if (!built || !existsSync(binary)) {
      throw new Error(`Could not prepare better-sqlite3 for Electron ${key.electronVersion} (${key.platform}-${key.arch}): check your internet connection, or install a C++ toolchain, then try again.`);
    }
    // Into place in one step, so an interrupted copy never passes for a finished build.
    mkdirSync(dir, { recursive: true });
    cpSync(binary, `${file}.partial`);
    renameSync(`${file}.partial`, file);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
