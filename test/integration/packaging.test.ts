import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINDING_FILE, isNodeApiDriver } from '../../scripts/nativeBinding.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..');
const BUILDER = require.resolve('electron-builder/cli.js');
const INSTALLED_SQLITE = (require('better-sqlite3/package.json') as { version: string }).version;
const LOCKED_SQLITE = (JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }).packages['node_modules/better-sqlite3']!.version;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;

/** A fuse's byte in the wire: '0' off, '1' on (@electron/fuses does not export its FuseState). */
const FUSE = { off: '0'.charCodeAt(0), on: '1'.charCodeAt(0) };

let dir: string;

/**
 * The driver a release packs: the lockfile's better-sqlite3. On Node 20 the tests run on the 12.x line built
 * for that Node (scripts/sqlite-driver.js), which the app cannot load, so the locked one is unpacked from
 * the registry, as `npm ci` on a release machine installs it.
 */
async function lockedDriver(): Promise<string> {
  if (isNodeApiDriver(INSTALLED_SQLITE)) return dirname(require.resolve('better-sqlite3/package.json'));
  const into = mkdtempSync(join(dir, 'driver-'));
  const { stdout } = await run('npm', ['pack', '--silent', `better-sqlite3@${LOCKED_SQLITE}`], { cwd: into });
  await run('tar', ['xzf', stdout.trim()], { cwd: into });
  return join(into, 'package');
}

/**
 * The project as electron-builder sees it (package.json, electron-builder.yml, build resources, the built
 * out/, the hooks, node_modules linked entry by entry with the locked driver), in a folder of its own so
 * nothing here touches the real out/.
 */
function stageProject(packageJson: object = pkg): string {
  const stage = mkdtempSync(join(dir, 'project-'));
  writeFileSync(join(stage, 'package.json'), JSON.stringify(packageJson, null, 2));
  for (const part of ['electron-builder.yml', 'build', 'scripts', join('out', 'main'), join('out', 'renderer')]) cpSync(join(ROOT, part), join(stage, part), { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'linuxTargetsProbe.cjs'), join(stage, 'hooks', 'linuxTargetsProbe.cjs'));
  mkdirSync(join(stage, 'node_modules'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    symlinkSync(entry === 'better-sqlite3' ? driverDir : join(ROOT, 'node_modules', entry), join(stage, 'node_modules', entry), 'dir');
  }
  return stage;
}

/**
 * An unpacked Electron as electron-builder expects one (electronDist): the executable carries Electron's
 * fuse wire (sentinel, version 1, eight fuses in Electron's shipped states), so electron-builder's fuse step
 * runs for real and its result can be read back with @electron/fuses.
 */
function fakeElectronDist(): string {
  const dist = join(dir, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);
  writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from('\x7fELF stand-in for the Electron binary\n'), wire, Buffer.from('\n')]));
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'LICENSE'), 'Electron license');
  writeFileSync(join(dist, 'LICENSES.chromium.html'), '<p>Chromium licenses</p>');
  return dist;
}

interface LinuxProbe {
  readonly targets: string[];
  readonly deb: { maintainer: string; url: string };
  readonly rpm: { maintainer: string; url: string; license: string };
  readonly appImageToolset: string | null;
  readonly appImageDesktopEntry: string;
}

async function electronBuilder(stage: string, output: string): Promise<{ code: number; output: string; probe: string }> {
  const probe = join(output, '..', `${output.split('/').pop()}-linux.json`);
  const args = [BUILDER, '--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${join(dir, 'electron-dist')}`, `-c.directories.output=${output}`, '-c.afterPack=hooks/linuxTargetsProbe.cjs'];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: stage, env: { ...process.env, LEAD_INBOX_LINUX_PROBE: probe, CI: 'true' } });
    return { code: 0, output: stdout + stderr, probe };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr, probe };
  }
}

let build: { code: number; output: string; probe: string };
let appDir: string;
let driverDir: string;
let nodeSqlite: { file: string; mtime: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-packaging-'));
  fakeElectronDist();
  driverDir = await lockedDriver();
  const installed = dirname(require.resolve('better-sqlite3/package.json'));
  const nodeFile = [join(installed, 'build', 'Release', BINDING_FILE), join(installed, 'prebuilds', 'linux-x64.node')].find((file) => existsSync(file))!;
  nodeSqlite = { file: nodeFile, mtime: statSync(nodeFile).mtimeMs };
  build = await electronBuilder(stageProject(), join(dir, 'release'));
  appDir = join(dir, 'release', 'linux-unpacked');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packaging with electron-builder (its own configuration, metadata and fuse steps, offline)', () => {
  it('passes electron-builder\'s configuration and metadata checks and packs the app', () => {
    expect(build.code, build.output).toBe(0);
    expect(existsSync(join(appDir, 'resources', 'app.asar'))).toBe(true);
  });

  it('keeps electron and electron-builder pinned in devDependencies; the only production dependency is the native driver', () => {
    const dev = pkg.devDependencies as Record<string, string>;
    expect(Object.keys(pkg.dependencies as Record<string, string>)).toEqual(['better-sqlite3']);
    expect(dev.electron).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dev['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts).toMatchObject({ dist: 'node scripts/dist.js' });
    expect(readFileSync(join(ROOT, 'scripts', 'dist.js'), 'utf8')).not.toMatch(/npx/);
  });

  it('packs only the built app and the driver\'s JavaScript: no sources, tests, maps, CLI or bundled libraries', () => {
    const files = listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const allowed = /^\/(package\.json|out(\/main(\/(main|preload|coreWorker|exportWorker)\.cjs)?)?|out(\/renderer(\/(index\.html|app\.js|styles\.css))?)?|node_modules(\/better-sqlite3(\/package\.json|\/lib(\/[a-z/-]+\.js|\/methods)?)?)?)$/;
    expect(files.filter((f) => /prebuilds|\.node$|-(x64|arm64)\.js$/.test(f))).toEqual([]);
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const needed of ['/package.json', '/out/main/main.cjs', '/out/main/preload.cjs', '/out/main/coreWorker.cjs', '/out/main/exportWorker.cjs', '/out/renderer/index.html', '/out/renderer/app.js', '/node_modules/better-sqlite3/lib/index.js']) {
      expect(files).toContain(needed);
    }
  });

  it('ships the locked driver\'s prebuilt Node-API file outside the asar, and never rebuilds node_modules in place', () => {
    const shipped = join(appDir, 'resources', 'native', BINDING_FILE);
    expect(readFileSync(shipped).equals(readFileSync(join(driverDir, 'prebuilds', 'linux-x64.node')))).toBe(true);
    expect((JSON.parse(readFileSync(join(driverDir, 'package.json'), 'utf8')) as { version: string }).version).toBe(LOCKED_SQLITE);
    expect(statSync(nodeSqlite.file).mtimeMs).toBe(nodeSqlite.mtime);
  });

  it('configures the AppImage on the static runtime (no libfuse2) and an rpm beside the deb, by electron-builder\'s own targets', () => {
    const probe = JSON.parse(readFileSync(build.probe, 'utf8')) as LinuxProbe;
    expect(probe.targets).toEqual(['AppImage', 'deb', 'rpm']);
    expect(probe.appImageToolset).toMatch(/^1\./);
    // The legacy FUSE2 toolset's desktop entry runs the app with --no-sandbox; the static runtime's does not.
    expect(probe.appImageDesktopEntry).toMatch(/^Exec=AppRun %U$/m);
    expect(probe.rpm).toMatchObject({ maintainer: expect.stringMatching(/<[^@>]+@[^>]+>$/), url: expect.stringMatching(/^https:\/\//) });
  });

  it('sets Electron\'s fuses on the packaged executable', async () => {
    const wire = await getCurrentFuseWire(join(appDir, String(pkg.name)));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE.off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FUSE.off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE.off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE.on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE.on);
    // An unsigned Apple-silicon build needs its ad-hoc signature made again after the fuses flip.
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(/electronFuses:[\s\S]*\n {2}resetAdHocDarwinSignature: true/);
  });

  it('has what the .deb needs, by electron-builder\'s own check: a maintainer with an email and a homepage', () => {
    expect((JSON.parse(readFileSync(build.probe, 'utf8')) as LinuxProbe).deb).toMatchObject({ maintainer: expect.stringMatching(/<[^@>]+@[^>]+>$/), url: expect.stringMatching(/^https:\/\//) });
  });

  it('names the running app "Lead Inbox" (productName in package.json, where Electron reads it)', () => {
    expect(pkg.productName).toBe('Lead Inbox');
  });

  it('fails, saying why, when the .deb metadata is missing (the check above can fail)', async () => {
    const { author: _author, homepage: _homepage, ...bare } = pkg;
    const failed = await electronBuilder(stageProject(bare), join(dir, 'release-bare'));
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/Please specify project homepage/);
  }, 120_000);
});
