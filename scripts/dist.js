#!/usr/bin/env node
// `npm run dist [-- electron-builder options]`: builds the bundles, then packages them with the pinned,
// local electron-builder (its beforePack hook brings Electron's SQLite driver for each target).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const node = (script, args) => spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit', shell: false }).status ?? 1;

let status = node(join(root, 'scripts', 'build.js'), []);
if (status === 0) status = node(require.resolve('electron-builder/cli.js'), ['--publish', 'never', ...process.argv.slice(2)]);
process.exit(status);
