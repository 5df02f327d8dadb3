#!/usr/bin/env node
// `npm start`: installs keep Electron's download step off (so `npm install` works offline and in CI), so the
// runtime is fetched here, once, on first start; then the app is built and launched.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isNodeApiDriver } from './nativeBinding.js';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function electronBinaryPresent() {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

if (!electronBinaryPresent()) {
  console.log('Downloading the Electron runtime (first start only)...');
  if (!run(process.execPath, [join(electronDir, 'install.js')]) || !electronBinaryPresent()) {
    console.error(
      'Could not download Electron. Check your internet connection (or ELECTRON_MIRROR / proxy settings) and run `npm start` again.\n' +
        'Without Electron you can still use Lead Inbox in your browser: npm run demo, or npx lead-inbox --help.',
    );
    process.exit(1);
  }
}

if (!run(process.execPath, [join(import.meta.dirname, 'build.js')])) process.exit(1);
// Node 20 gets a SQLite driver compiled for itself (scripts/sqlite-driver.js), which Electron cannot load.
const driver = require('better-sqlite3/package.json').version;
if (!isNodeApiDriver(driver)) {
  console.error(`The SQLite driver installed here (better-sqlite3 ${driver}) was built for Node ${process.versions.node} only. The desktop app needs Node 22 or newer to install its own: switch Node (nvm install 24), run npm ci, then npm start.`);
  process.exit(1);
}

const electronBinary = require('electron');
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
