import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteBindingPath } from '../../electron/shell/sqliteBinding';
import { electronArch, nativeBindingDir, nodeCommand } from '../../scripts/nativeBinding.js';

const key = { electronVersion: '41.7.1', sqliteVersion: '12.11.1', platform: 'win32', arch: 'x64' };

describe('Electron\'s SQLite driver: where it lives and for which binary', () => {
  it('keys the cache by every input that changes the binary', () => {
    const dirs = new Set([
      nativeBindingDir('/p', key, path.posix),
      nativeBindingDir('/p', { ...key, electronVersion: '41.8.0' }, path.posix),
      nativeBindingDir('/p', { ...key, sqliteVersion: '12.12.0' }, path.posix),
      nativeBindingDir('/p', { ...key, platform: 'linux' }, path.posix),
      nativeBindingDir('/p', { ...key, arch: 'arm64' }, path.posix),
    ]);
    expect(dirs.size).toBe(5);
    expect(nativeBindingDir('/home/ana/lead inbox', { ...key, platform: 'linux' }, path.posix)).toBe('/home/ana/lead inbox/out/native/electron-41.7.1-better-sqlite3-12.11.1-linux-x64');
    expect(nativeBindingDir('C:\\Users\\Ana\\Lead Inbox', key, path.win32)).toBe('C:\\Users\\Ana\\Lead Inbox\\out\\native\\electron-41.7.1-better-sqlite3-12.11.1-win32-x64');
  });

  it('builds for the Electron that electron\'s installer fetches: arm64 under Rosetta, npm_config_arch first', () => {
    expect(electronArch({ platform: 'darwin', nodeArch: 'x64', env: {}, translatedByRosetta: true })).toBe('arm64');
    expect(electronArch({ platform: 'darwin', nodeArch: 'x64', env: {}, translatedByRosetta: false })).toBe('x64');
    expect(electronArch({ platform: 'darwin', nodeArch: 'x64', env: { npm_config_arch: 'x64' }, translatedByRosetta: true })).toBe('x64');
    expect(electronArch({ platform: 'win32', nodeArch: 'arm64', env: {}, translatedByRosetta: false })).toBe('arm64');
    expect(electronArch({ platform: 'linux', nodeArch: 'x64', env: { npm_config_arch: 'arm64' }, translatedByRosetta: false })).toBe('arm64');
  });

  it('runs Node scripts with the Node binary itself, never through a shell (C:\\Program Files stays one argument)', () => {
    const command = nodeCommand('C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\Ana\\Lead Inbox\\node_modules\\prebuild-install\\bin.js', ['--runtime', 'electron']);
    expect(command).toEqual({
      command: 'C:\\Program Files\\nodejs\\node.exe',
      args: ['C:\\Users\\Ana\\Lead Inbox\\node_modules\\prebuild-install\\bin.js', '--runtime', 'electron'],
      options: { shell: false },
    });
  });

  it('loads the package\'s own driver when packaged, and in development the one made for this very Electron', () => {
    const base = { electronVersion: '41.7.1', sqliteVersion: '12.11.1', platform: 'win32', arch: 'x64', path: path.win32 };
    expect(sqliteBindingPath({ ...base, packaged: true, resourcesPath: 'C:\\Program Files\\Lead Inbox\\resources', root: 'unused', exists: () => false })).toBe(
      'C:\\Program Files\\Lead Inbox\\resources\\native\\better_sqlite3.node',
    );
    const seen: string[] = [];
    const dev = { ...base, packaged: false, resourcesPath: 'unused', root: 'C:\\src\\lead-inbox' };
    expect(sqliteBindingPath({ ...dev, exists: (file) => (seen.push(file), true) })).toBe('C:\\src\\lead-inbox\\out\\native\\electron-41.7.1-better-sqlite3-12.11.1-win32-x64\\better_sqlite3.node');
    expect(sqliteBindingPath({ ...dev, exists: () => false })).toBeNull();
    expect(seen).toHaveLength(1);
    expect(
      sqliteBindingPath({ ...base, path: path.posix, platform: 'darwin', arch: 'arm64', packaged: true, resourcesPath: '/Applications/Lead Inbox.app/Contents/Resources', root: '', exists: () => false }),
    ).toBe('/Applications/Lead Inbox.app/Contents/Resources/native/better_sqlite3.node');
  });
});
