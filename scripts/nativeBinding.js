// Where Electron's build of the SQLite driver lives, and for which Electron binary. Plain functions of their
// inputs (platform, arch, versions, environment), so the decisions are tested with Windows, macOS and Linux
// inputs on any machine; scripts/electron-native.js does the work, electron/main.ts finds the file.
import nodePath from 'node:path';

/**
 * The folder of one Electron build of better-sqlite3. Every input that changes the binary is in the name:
 * an Electron or better-sqlite3 upgrade, or another platform or architecture, never reuses a stale one.
 * `path` is node:path (or path.win32 / path.posix, to decide for another platform).
 */
export function nativeBindingDir(root, { electronVersion, sqliteVersion, platform, arch }, path = nodePath) {
  return path.join(root, 'out', 'native', `electron-${electronVersion}-better-sqlite3-${sqliteVersion}-${platform}-${arch}`);
}

/**
 * The architecture of the Electron binary that `npm install` / `npm start` fetch, decided as electron's own
 * install.js decides it: npm_config_arch, else Node's arch, except that an x64 Node running under Rosetta on
 * an Apple-silicon Mac gets the arm64 Electron. The driver must match Electron, not Node.
 */
export function electronArch({ platform, nodeArch, env, translatedByRosetta }) {
  if (env.npm_config_arch) return env.npm_config_arch;
  if (platform === 'darwin' && nodeArch === 'x64' && translatedByRosetta) return 'arm64';
  return nodeArch;
}

/** The command that runs a Node script: the Node binary itself, never through a shell (paths with spaces). */
export function nodeCommand(execPath, script, args) {
  return { command: execPath, args: [script, ...args], options: { shell: false } };
}

export const BINDING_FILE = 'better_sqlite3.node';
