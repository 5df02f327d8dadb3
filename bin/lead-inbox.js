#!/usr/bin/env node
// Runs the built CLI (out/cli). A build older than its sources is rebuilt first, and said so: the command
// never runs stale code silently, and never compiles TypeScript on a normal start.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { staleReason } from '../scripts/buildStamp.js';

const root = join(import.meta.dirname, '..');
const stale = staleReason(root);
if (stale) {
  process.stderr.write(`lead-inbox: rebuilding, because ${stale} (npm run build)...\n`);
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) {
    process.stderr.write('lead-inbox: the build failed (above). Fix it, or run npm install again, then retry.\n');
    process.exit(1);
  }
}
await import(pathToFileURL(join(root, 'out', 'cli', 'lead-inbox.mjs')).href);
