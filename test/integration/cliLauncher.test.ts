import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { staleReason, writeStamp } from '../../scripts/buildStamp.js';
import { CLI_BIN } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const tempDir = useTempDir();

/**
 * A project laid out like this one, with the real launcher and stamp code but a build script that only
 * writes a bundle saying which build it is: the launcher's decisions are then seen from outside.
 */
function fakeProject(): string {
  const root = tempDir();
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'src'));
  cpSync(CLI_BIN, join(root, 'bin', 'lead-inbox.js'));
  cpSync(join(ROOT, 'scripts', 'buildStamp.js'), join(root, 'scripts', 'buildStamp.js'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(root, 'src', 'cli.ts'), 'version 1');
  writeFileSync(
    join(root, 'scripts', 'build.js'),
    `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
     import { join } from 'node:path';
     import { writeStamp } from './buildStamp.js';
     const root = join(import.meta.dirname, '..');
     if (process.env.FAIL_BUILD) { console.error('compile error in src/cli.ts'); process.exit(1); }
     mkdirSync(join(root, 'out', 'cli'), { recursive: true });
     const source = readFileSync(join(root, 'src', 'cli.ts'), 'utf8');
     writeFileSync(join(root, 'out', 'cli', 'lead-inbox.mjs'), 'console.log(' + JSON.stringify('built from ' + source) + ', process.argv.slice(2).join(" "));');
     writeStamp(root, ['src/cli.ts', 'package.json', 'node_modules/some-lib/index.js']);`,
  );
  return root;
}

async function launch(root: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin', 'lead-inbox.js'), '--help'], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

describe('build stamp', () => {
  it('is current right after a build, names a changed, vanished or unbuilt input, and ignores node_modules', () => {
    const root = tempDir();
    mkdirSync(join(root, 'out'));
    writeFileSync(join(root, 'a.ts'), 'a');
    writeFileSync(join(root, 'b.ts'), 'b');
    expect(staleReason(root)).toBe('it has not been built yet');
    writeStamp(root, ['a.ts', join(root, 'b.ts'), 'node_modules/x/index.js', '../outside.ts']);
    expect(staleReason(root)).toBeNull();
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'out', 'build-stamp.json'), 'utf8')).files)).toEqual(['a.ts', 'b.ts']);
    // Same size, another time: a checkout or an editor's save that keeps the length still counts.
    utimesSync(join(root, 'b.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(staleReason(root)).toBe('b.ts changed since the last build');
    writeStamp(root, ['a.ts', 'b.ts']);
    rmSync(join(root, 'a.ts'));
    expect(staleReason(root)).toBe('a.ts changed since the last build');
  });
});

describe('the lead-inbox launcher', () => {
  it('builds when there is no build, runs the build when current, and rebuilds (saying why) after a source changed', async () => {
    const root = fakeProject();
    const first = await launch(root);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/rebuilding, because it has not been built yet/);
    expect(first.stdout).toBe('built from version 1 --help\n');

    const second = await launch(root);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('built from version 1 --help\n');

    writeFileSync(join(root, 'src', 'cli.ts'), 'version 2!');
    const third = await launch(root);
    expect(third.stderr).toMatch(/rebuilding, because src\/cli\.ts changed since the last build/);
    expect(third.stdout).toBe('built from version 2! --help\n');
  });

  it('never runs the old build when the rebuild fails: it says so and exits 1', async () => {
    const root = fakeProject();
    expect((await launch(root)).code).toBe(0);
    writeFileSync(join(root, 'src', 'cli.ts'), 'broken');
    const failed = await launch(root, { FAIL_BUILD: '1' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/compile error in src\/cli\.ts/);
    expect(failed.stderr).toMatch(/the build failed/);
  });

  it('in this project, starts the bundle with nothing to rebuild (npm install and the test setup built it)', async () => {
    expect(staleReason(ROOT)).toBeNull();
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, '--help']);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/Usage: lead-inbox/);
  });
});
