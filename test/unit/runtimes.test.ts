import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_NODE_LINES, nodeLineForElectron, pinnedElectron } from '../../scripts/runtimes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
/** Electron supports its three newest majors; the newest stable when this table was last moved on. */
const NEWEST_SUPPORTED_MAJOR = Math.max(...Object.keys(ELECTRON_NODE_LINES).map(Number));

describe('supported runtimes', () => {
  it('pins an exact Electron on a supported line, the one installed', () => {
    const pinned = pinnedElectron(ROOT);
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Number(pinned.split('.')[0])).toBeGreaterThan(NEWEST_SUPPORTED_MAJOR - 3);
    expect((require('electron/package.json') as { version: string }).version).toBe(pinned);
  });

  it('knows the Node line of the pinned Electron, and says what to do for one it does not know', () => {
    expect(nodeLineForElectron(pinnedElectron(ROOT))).toBe(24);
    expect(() => nodeLineForElectron('99.0.0')).toThrow(/Electron 99.0.0: its Node line is not in scripts\/runtimes.js. Look up node_version in the 99-x-y branch's DEPS/);
  });

  it('declares engines.node from a supported line up, one that admits the Node inside the pinned Electron', () => {
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(pkg.engines.node) ?? [];
    expect(Number(major)).toBeGreaterThanOrEqual(22);
    expect(Number(major) < nodeLineForElectron(pinnedElectron(ROOT)) || Number(minor) === 0).toBe(true);
  });

  it('runs, in CI\'s Electron pass, on the Node line the pinned Electron bundles', () => {
    const pass = process.env.LEAD_INBOX_CI_NODE_PASS;
    if (pass !== 'electron') return expect(pass === undefined || pass === 'machine').toBe(true);
    expect(Number(process.versions.node.split('.')[0])).toBe(nodeLineForElectron(pinnedElectron(ROOT)));
  });
});
