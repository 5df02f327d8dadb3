import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { isNodeApiDriver } from '../../scripts/nativeBinding.js';
import { NODE20_DRIVER } from '../../scripts/sqlite-driver.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const project = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

let dir: string;
let tarball: string;
let command: string;
let installed: string;
let azurite: Azurite;

/** The installed command, run as a user runs it: by its name in the prefix's bin, found through PATH's node. */
async function leadInbox(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

// `npm pack` of the CLI package, installed into an empty prefix with this machine's Node and npm, far
// from any checkout: what `npm install -g lead-inbox` gives a publisher.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-cli-package-'));
  const { stdout } = await run(process.execPath, [join(ROOT, 'scripts', 'pack-cli.js'), join(dir, 'packed')], { cwd: ROOT });
  tarball = stdout.trim().split('\n').pop()!;
  const prefix = join(dir, 'prefix');
  mkdirSync(prefix);
  // As docs/command-line.md says: on Node 20 npm must be allowed to compile the 12.x driver (npm 11 runs no
  // dependency's install script in a global install unless told to); 13.x needs no script.
  const allow = Number(process.versions.napi) >= 10 ? [] : ['--allow-scripts=better-sqlite3'];
  await run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', ...allow, tarball], { cwd: dir });
  command = join(prefix, 'bin', 'lead-inbox');
  installed = join(prefix, 'lib', 'node_modules', project.name);
  azurite = await startAzurite();
}, 400_000);
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI as an npm package (npm pack, installed into an empty prefix)', () => {
  it('ships the built command, its export worker, the window\'s files and the guide: no sources, tests, maps or scripts', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
    const allowed = /^(package\.json|README\.md|LICENSE|bin\/lead-inbox\.js|out\/cli\/lead-inbox\.mjs|out\/cli\/chunks\/[\w-]+\.mjs|out\/main\/exportWorker\.cjs|out\/renderer\/(index\.html|app\.js|styles\.css))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const needed of ['bin/lead-inbox.js', 'out/cli/lead-inbox.mjs', 'out/main/exportWorker.cjs', 'out/renderer/index.html', 'README.md', 'LICENSE']) expect(files).toContain(needed);
  });

  it('depends on the SQLite driver only, and npm installed the line that fits this Node', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; dependencies: Record<string, string> };
    expect(manifest).toMatchObject({ name: project.name, version: project.version, bin: { 'lead-inbox': 'bin/lead-inbox.js' } });
    expect(manifest.dependencies).toEqual({ 'better-sqlite3': `${project.dependencies['better-sqlite3']} || ${NODE20_DRIVER}` });
    const driver = (JSON.parse(readFileSync(join(installed, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
    expect(isNodeApiDriver(driver)).toBe(Number(process.versions.napi) >= 10);
  });

  it('answers --version, generates leads, syncs them from Azurite, lists and exports them', async () => {
    expect((await leadInbox('--version')).stdout.trim()).toBe(project.version);

    const generated = await leadInbox('generate', '--count', '400', '--seed', '32', '--out', 'leads.jsonl');
    expect(generated.code, generated.stderr).toBe(0);
    const entities = readFileSync(join(dir, 'leads.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entities).toHaveLength(400);
    await seedTable(azurite.connectionString, 'MarketplaceLeads', entities);

    const db = join(dir, 'archive', 'leads.db');
    const synced = await leadInbox('sync', '--connection-string', azurite.connectionString, '--db', db);
    expect(synced.code, synced.stderr).toBe(0);

    const listed = await leadInbox('list', '--db', db, '--all', '--json', '--limit', '1000');
    expect(listed.code, listed.stderr).toBe(0);
    const leads = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { email?: string });
    expect(leads).toHaveLength(400);

    const exported = await leadInbox('export', '--db', db, '--all', '--out', 'leads.csv');
    expect(exported.code, exported.stderr).toBe(0);
    // Read back by Python's csv module, as a spreadsheet user's script would.
    const { stdout: rows } = await run('python3', ['-c', 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))); print(len(r)-1, len(set(map(len, r))))', join(dir, 'leads.csv')]);
    expect(rows.trim()).toBe('400 1');
  }, 120_000);
});
