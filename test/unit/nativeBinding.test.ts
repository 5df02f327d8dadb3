import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteBindingPath } from '../../electron/shell/sqliteBinding';
import { isNodeApiDriver, PACKAGED_TARGETS, prebuildName } from '../../scripts/nativeBinding.js';
import { driverFor, NODE20_DRIVER } from '../../scripts/sqlite-driver.js';

const require = createRequire(import.meta.url);

describe('the SQLite driver the desktop app ships', () => {
  it('is better-sqlite3\'s prebuilt Node-API file for each packaged platform and architecture', () => {
    expect(prebuildName('win32', 'x64')).toBe('win32-x64.node');
    expect(prebuildName('win32', 'arm64')).toBe('win32-arm64.node');
    expect(prebuildName('darwin', 'arm64')).toBe('darwin-arm64.node');
    expect(prebuildName('darwin', 'x64')).toBe('darwin-x64.node');
    expect(prebuildName('linux', 'x64')).toBe('linux-x64.node');
    expect(() => prebuildName('win32', 'ia32')).toThrow(/cannot be packaged for win32-ia32: its SQLite driver is built for linux-x64, linux-arm64/);
    expect(() => prebuildName('linux', 'armv7l')).toThrow(/linux-armv7l/);
  });

  it('finds every packaged target\'s file in the installed driver (when the installed one is the Node-API line)', () => {
    const driver = require('better-sqlite3/package.json') as { version: string };
    if (!isNodeApiDriver(driver.version)) return expect(Number(process.versions.napi)).toBeLessThan(10);
    const prebuilds = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'prebuilds');
    const missing = Object.entries(PACKAGED_TARGETS).flatMap(([platform, arches]) => arches.map((arch) => prebuildName(platform, arch)).filter((name) => !existsSync(path.join(prebuilds, name))));
    expect(missing).toEqual([]);
  });

  it('loads the package\'s own driver when packaged, and in development lets better-sqlite3 find its own', () => {
    expect(sqliteBindingPath({ packaged: true, resourcesPath: 'C:\\Program Files\\Lead Inbox\\resources', path: path.win32 })).toBe('C:\\Program Files\\Lead Inbox\\resources\\native\\better_sqlite3.node');
    expect(sqliteBindingPath({ packaged: true, resourcesPath: '/Applications/Lead Inbox.app/Contents/Resources', path: path.posix })).toBe('/Applications/Lead Inbox.app/Contents/Resources/native/better_sqlite3.node');
    expect(sqliteBindingPath({ packaged: true, resourcesPath: '/tmp/.mount_LeadInXyZ/resources', path: path.posix })).toBe('/tmp/.mount_LeadInXyZ/resources/native/better_sqlite3.node');
    expect(sqliteBindingPath({ packaged: false, resourcesPath: '/usr/lib/electron/resources' })).toBeNull();
  });

  it('on a Node without Node-API 10 (Node 20) installs the 12.x line in place of 13, and nothing on Node 22 or newer', () => {
    expect(isNodeApiDriver('13.2.0')).toBe(true);
    expect(isNodeApiDriver('12.11.1')).toBe(false);
    expect(driverFor('9', '13.2.0')).toBe(NODE20_DRIVER);
    expect(driverFor('9', NODE20_DRIVER)).toBeNull();
    expect(driverFor('10', '13.2.0')).toBeNull();
    expect(driverFor('10', NODE20_DRIVER)).toBeNull();
    expect(isNodeApiDriver(NODE20_DRIVER)).toBe(false);
  });
});
