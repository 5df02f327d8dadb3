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

await build({ ...common, entryPoints: [join(root, 'electron/main.ts')], outfile: join(root, 'out/main/main.cjs') });
mkdirSync(join(root, 'out/renderer'), { recursive: true });
cpSync(join(root, 'renderer/index.html'), join(root, 'out/renderer/index.html'));
console.log('Built out/main and out/renderer.');
