#!/usr/bin/env node
// `npm run pack:cli [-- <destination folder>]`: the `lead-inbox` command as its own npm package, for
// `npm install -g lead-inbox`. It ships the built CLI and its export worker, the window's built files (for
// `serve` and `demo`), the command-line guide as its README, and the SQLite driver as its only dependency:
// no sources, tests, source maps or build scripts. Prints the tarball's path.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { staleReason } from './buildStamp.js';
import { NODE20_DRIVER } from './sqlite-driver.js';

const root = join(import.meta.dirname, '..');
const stage = join(root, 'out', 'npm-package');
const destination = resolve(process.argv[2] ?? join(root, 'release'));

/** The package's manifest, from the project's: its name, version and metadata, one dependency, one command. */
export function cliManifest(project) {
  const driver = project.dependencies['better-sqlite3'];
  return {
    name: project.name,
    version: project.version,
    description: 'The Lead Inbox command line: sync Microsoft commercial-marketplace leads from your Azure Storage account into a local SQLite archive, then list, search and export them.',
    keywords: ['azure-marketplace', 'appsource', 'leads', 'crm', 'sqlite', 'cli'],
    homepage: project.homepage,
    author: project.author,
    license: project.license,
    type: 'module',
    bin: { 'lead-inbox': 'bin/lead-inbox.js' },
    files: ['bin/', 'out/'],
    engines: project.engines,
    // npm picks the newest version whose engines fit the installing Node: the prebuilt Node-API 13.x on Node
    // 22 and newer, the 12.x line (compiled at install) on Node 20.
    dependencies: { 'better-sqlite3': `${driver} || ${NODE20_DRIVER}` },
  };
}

const LAUNCHER = `#!/usr/bin/env node
// The installed \`lead-inbox\` command: the CLI bundle built into this package.
await import('../out/cli/lead-inbox.mjs');
`;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  // Built only when the build is older than its sources: a current build is packed as it is.
  if (staleReason(root)) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'bin'), { recursive: true });
  const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(cliManifest(project), null, 2)}\n`);
  writeFileSync(join(stage, 'bin', 'lead-inbox.js'), LAUNCHER, { mode: 0o755 });
  cpSync(join(root, 'docs', 'command-line.md'), join(stage, 'README.md'));
  cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  cpSync(join(root, 'out', 'cli'), join(stage, 'out', 'cli'), { recursive: true, filter: (file) => !file.endsWith('.map') });
  mkdirSync(join(stage, 'out', 'main'), { recursive: true });
  cpSync(join(root, 'out', 'main', 'exportWorker.cjs'), join(stage, 'out', 'main', 'exportWorker.cjs'));
  for (const file of readdirSync(join(root, 'out', 'renderer')).filter((name) => !name.endsWith('.map'))) {
    cpSync(join(root, 'out', 'renderer', file), join(stage, 'out', 'renderer', file));
  }
  mkdirSync(destination, { recursive: true });
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const name = execFileSync(command, [...args, 'pack', '--silent', '--pack-destination', destination], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(join(destination, name));
}
