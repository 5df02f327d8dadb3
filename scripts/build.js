#!/usr/bin/env node
// Bundles the Electron main process into out/ next to the renderer page. Native modules and Electron stay external.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron', 'better-sqlite3'],
  logLevel: 'warning',
};

// Main, the core's worker, the export's range worker and the preload are separate bundles: the workers run
// in threads of their own, and a sandboxed preload may require nothing but electron.
// Some dependencies ship ES modules that read import.meta.url; in a CommonJS bundle it is the bundle's URL.
const nodeSide = {
  ...common,
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await Promise.all([
  build({ ...nodeSide, entryPoints: [join(root, 'electron/main.ts')], outfile: join(root, 'out/main/main.cjs') }),
  build({ ...nodeSide, entryPoints: [join(root, 'electron/coreWorker.ts')], outfile: join(root, 'out/main/coreWorker.cjs') }),
  build({ ...nodeSide, entryPoints: [join(root, 'electron/core/export/exportWorker.ts')], outfile: join(root, 'out/main/exportWorker.cjs') }),
  build({ ...common, entryPoints: [join(root, 'electron/preload.ts')], outfile: join(root, 'out/main/preload.cjs') }),
]);
// The window: one ES module bundle, no inline script (the page's CSP allows only its own files).
mkdirSync(join(root, 'out/renderer'), { recursive: true });
await build({
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
});
cpSync(join(root, 'renderer/index.html'), join(root, 'out/renderer/index.html'));
cpSync(join(root, 'renderer/styles.css'), join(root, 'out/renderer/styles.css'));
console.log('Built out/main and out/renderer.');
