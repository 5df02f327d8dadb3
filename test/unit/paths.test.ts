import { describe, expect, it } from 'vitest';
import { appDataDir, dataDirOverride, defaultArchivePath } from '../../electron/core/paths';

describe('where the app and the CLI keep their data', () => {
  it('the same folder Electron uses as userData, on each system', () => {
    expect(appDataDir({ APPDATA: 'C:\\Users\\Ana\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming[\\/]Lead Inbox$/);
    expect(appDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Lead Inbox$/);
    expect(appDataDir({ XDG_CONFIG_HOME: '/home/ana/.cfg' }, 'linux')).toBe('/home/ana/.cfg/Lead Inbox');
    expect(defaultArchivePath({ XDG_CONFIG_HOME: '/home/ana/.cfg' })).toMatch(/Lead Inbox\/leads\.db$/);
  });

  it('a whole other profile when LEAD_INBOX_DATA_DIR names one (the smoke test\'s temporary profile)', () => {
    expect(dataDirOverride({})).toBeNull();
    expect(dataDirOverride({ LEAD_INBOX_DATA_DIR: '  ' })).toBeNull();
    expect(dataDirOverride({ LEAD_INBOX_DATA_DIR: '/tmp/profile' })).toBe('/tmp/profile');
    for (const platform of ['win32', 'darwin', 'linux'] as const) expect(appDataDir({ LEAD_INBOX_DATA_DIR: '/tmp/profile', APPDATA: 'C:\\x' }, platform)).toBe('/tmp/profile');
    expect(defaultArchivePath({ LEAD_INBOX_DATA_DIR: '/tmp/profile' })).toBe('/tmp/profile/leads.db');
  });
});
