// What the build was made from: each project source file (not node_modules: the lockfile stands for those)
// with its size and modification time. Comparing them again costs a few milliseconds, so the CLI's
// launcher checks on every start and never runs a build older than its sources.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const STAMP_FILE = join('out', 'build-stamp.json');

function fingerprint(file) {
  try {
    const stat = statSync(file);
    return `${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

/** Records `inputs` (paths relative to root or absolute, as esbuild's metafile gives them). */
export function writeStamp(root, inputs) {
  const files = {};
  for (const input of new Set(inputs)) {
    const path = relative(root, resolve(root, input)).split(sep).join('/');
    if (path.startsWith('..') || path.split('/').includes('node_modules') || !existsSync(join(root, path))) continue;
    files[path] = fingerprint(join(root, path));
  }
  writeFileSync(join(root, STAMP_FILE), `${JSON.stringify({ files }, null, 1)}\n`);
}

/**
 * Why the build in `root` cannot be trusted, or null when it is current: no stamp, or the first source
 * file that changed, vanished or was not there when the build was made.
 */
export function staleReason(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return 'it has not been built yet';
  }
  for (const [path, recorded] of Object.entries(stamp.files ?? {})) {
    if (fingerprint(join(root, path)) !== recorded) return `${path} changed since the last build`;
  }
  return null;
}
