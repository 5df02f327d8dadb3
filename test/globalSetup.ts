import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds the bundles once, before any test file runs: several files load them, none may see half a build. */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.js')], { stdio: 'inherit' });
}
