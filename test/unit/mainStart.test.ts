import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * main.ts's start-up, run against a stand-in for Electron's API (Electron cannot start on this machine):
 * what a second launch does, and what a start that fails does.
 */
function fakeElectron(options: { primary: boolean; userDataThrows?: boolean }) {
  const calls: string[] = [];
  let ready: () => void = () => undefined;
  const whenReadyPromise = new Promise<void>((resolve) => (ready = resolve));
  const app = {
    enableSandbox: () => calls.push('enableSandbox'),
    setAppUserModelId: (id: string) => calls.push(`setAppUserModelId ${id}`),
    requestSingleInstanceLock: () => options.primary,
    quit: () => calls.push('quit'),
    exit: (code: number) => calls.push(`exit ${code}`),
    whenReady: () => {
      calls.push('whenReady');
      return whenReadyPromise;
    },
    on: (event: string) => calls.push(`on ${event}`),
    getPath: (name: string) => {
      calls.push(`getPath ${name}`);
      if (options.userDataThrows) throw new Error('Failed to get the userData path');
      return '/tmp';
    },
    isPackaged: false,
  };
  const electron = {
    app,
    BrowserWindow: { getAllWindows: () => [], getFocusedWindow: () => null },
    crashReporter: { start: (options: { uploadToServer: boolean }) => calls.push(`crashReporter uploadToServer=${options.uploadToServer}`) },
    protocol: { registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: { standard: boolean; secure: boolean } }[]) => schemes.forEach((s) => calls.push(`scheme ${s.scheme} standard=${s.privileges.standard} secure=${s.privileges.secure}`)) },
    dialog: { showErrorBox: (title: string, text: string) => calls.push(`showErrorBox ${title}: ${text}`) },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: () => ({}) },
    Notification: { isSupported: () => false },
    safeStorage: { isAsyncEncryptionAvailable: () => Promise.resolve(false) },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { electron, calls, ready: () => ready() };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.resetModules();
});

describe('the desktop app\'s start (main.ts against a stand-in Electron)', () => {
  it('a second launch quits at once and starts nothing: no keychain, no core, no window', async () => {
    const fake = fakeElectron({ primary: false });
    vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }));
    await import('../../electron/main');
    expect(fake.calls).toContain('quit');
    expect(fake.calls).not.toContain('whenReady');
    // Crash dumps are kept locally from the very start, never uploaded.
    expect(fake.calls).toContain('crashReporter uploadToServer=false');
    // The window's own scheme is registered before ready, as Electron requires.
    expect(fake.calls).toContain('scheme app standard=true secure=true');
    expect(fake.calls.filter((c) => c.startsWith('getPath'))).toEqual([]);
  });

  it('a start that fails says why and exits, so the next launch is not blocked by a windowless process', async () => {
    const fake = fakeElectron({ primary: true, userDataThrows: true });
    vi.doMock('electron', () => ({ ...fake.electron, default: fake.electron }));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../electron/main');
    fake.ready();
    await vi.waitFor(() => expect(fake.calls).toContain('exit 1'));
    expect(fake.calls.find((c) => c.startsWith('showErrorBox'))).toMatch(/Lead Inbox could not start: Failed to get the userData path[\s\S]*archive was not changed/);
    expect(fake.calls).not.toContain('quit');
  });
});
