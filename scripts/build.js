#!/usr/bin/env node
// Bundles everything that runs: the Electron main process, its workers and preload (out/main), the window
// (out/renderer) and the `lead-inbox` command (out/cli). Native modules and Electron stay external. Then
// records every source file the bundles were made from (out/build-stamp.json), so the CLI's launcher can
// tell a stale build from a current one.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeStamp } from './buildStamp.js';

const root = join(import.meta.dirname, '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
  metafile: true,
};

// Main, the core's worker, the export's range worker and the preload are separate bundles: the workers run
// in threads of their own, and a sandboxed preload may require nothing but electron.
// Some dependencies ship ES modules that read import.meta.url; in a CommonJS bundle it is the bundle's URL.
const nodeSide = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
// Emptied first: a bundle no longer built (a removed worker) must not linger and be packaged or run.
rmSync(join(root, 'out', 'cli'), { recursive: true, force: true });
rmSync(join(root, 'out', 'main'), { recursive: true, force: true });
mkdirSync(join(root, 'out/renderer'), { recursive: true });
const results = await Promise.all([
  // The tray's icon travels inside main.cjs (a data URL): the asar holds no image files.
  build({ ...nodeSide, entryPoints: [join(root, 'electron/main.ts')], outfile: join(root, 'out/main/main.cjs'), loader: { '.png': 'dataurl' } }),
  build({ ...nodeSide, entryPoints: [join(root, 'electron/coreWorker.ts')], outfile: join(root, 'out/main/coreWorker.cjs') }),
  build({ ...nodeSide, entryPoints: [join(root, 'electron/core/export/exportWorker.ts')], outfile: join(root, 'out/main/exportWorker.cjs') }),
  build({ ...common, format: 'cjs', entryPoints: [join(root, 'electron/preload.ts')], outfile: join(root, 'out/main/preload.cjs') }),
  // The CLI: ES modules split at each dynamic import, so `lead-inbox --help` loads commander and the command
  // table, and a command loads only what it runs. CommonJS dependencies inside get a real `require`.
  build({
    ...common,
    format: 'esm',
    splitting: true,
    entryPoints: { 'lead-inbox': join(root, 'electron/cliEntry.ts') },
    outdir: join(root, 'out/cli'),
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __leadInboxRequire } from 'node:module'; const require = __leadInboxRequire(import.meta.url);" },
  }),
  // The window: one ES module bundle, no inline script (the page's CSP allows only its own files).
  build({
    entryPoints: [join(root, 'renderer/main.tsx')],
    outfile: join(root, 'out/renderer/app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    metafile: true,
  }),
]);
cpSync(join(root, 'renderer/index.html'), join(root, 'out/renderer/index.html'));
cpSync(join(root, 'renderer/styles.css'), join(root, 'out/renderer/styles.css'));
const inputs = results.flatMap((result) => Object.keys(result.metafile.inputs));
writeStamp(root, [...inputs, 'renderer/index.html', 'renderer/styles.css', 'scripts/build.js', 'scripts/buildStamp.js', 'package.json', 'package-lock.json']);
console.log('Built out/main, out/renderer and out/cli.');
