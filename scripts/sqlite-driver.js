#!/usr/bin/env node
// The SQLite driver for the Node running npm. better-sqlite3 13 (package.json) is the desktop app's driver: a
// Node-API 10 module that loads in Electron 45 and in Node 22 or newer. Node 20 has Node-API 9, and 13 crashes
// it at the first query, so on such a Node the 12.x line is installed in its place, compiled for this Node,
// for the tests and the CLI. It changes neither package.json nor the lockfile; `npm ci` on Node 22 or newer
// brings 13 back. Runs as part of `npm install` (the prepare script) and from .ci/run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isNodeApiDriver } from './nativeBinding.js';

/** The last better-sqlite3 release built on V8's own API, which compiles for Node 20. */
export const NODE20_DRIVER = '12.11.1';

/** What to do for a Node with Node-API `napi` and the installed driver `installed`: nothing, or which version to install. */
export function driverFor(napi, installed) {
  if (Number(napi) >= 10) return null;
  return isNodeApiDriver(installed) ? NODE20_DRIVER : null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(import.meta.dirname, '..');
  const installed = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  const wanted = driverFor(process.versions.napi, installed);
  if (wanted) {
    console.log(`Node ${process.versions.node} has Node-API ${process.versions.napi}; better-sqlite3 ${installed} needs 10 (Node 22+). Installing better-sqlite3 ${wanted} for this Node (compiled once, about a minute)...`);
    const npm = process.env.npm_execpath;
    const [command, args] = npm ? [process.execPath, [npm]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
    const result = spawnSync(command, [...args, 'install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts=false', `better-sqlite3@${wanted}`], { cwd: root, stdio: 'inherit', shell: false });
    if (result.status !== 0) {
      console.error(`Could not install better-sqlite3 ${wanted} for Node ${process.versions.node}. Use Node 22 or newer (nvm install 24), then npm ci.`);
      process.exit(1);
    }
  }
}
