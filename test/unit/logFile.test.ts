import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LeadInboxService } from '../../electron/core/service';
import { createDispatcher } from '../../electron/dispatch';
import { describeCoreEvent } from '../../electron/shell/coreLog';
import { expiredLogFiles, logFileName, openLogFile, redact } from '../../electron/shell/logFile';
import { rendererGoneDialog, rendererHungDialog } from '../../electron/shell/rendererProblems';

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the log\'s files', () => {
  it('one a day, kept 14 days; other files in the folder are left alone', () => {
    expect(logFileName(new Date(2026, 11, 8, 23, 59))).toBe('lead-inbox-2026-12-08.log');
    const names = ['lead-inbox-2026-11-24.log', 'lead-inbox-2026-11-25.log', 'lead-inbox-2026-12-08.log', 'lead-inbox-2025-01-01.log', 'crashpad', 'notes.txt'];
    expect(expiredLogFiles(names, new Date(2026, 11, 8, 9))).toEqual(['lead-inbox-2026-11-24.log', 'lead-inbox-2025-01-01.log']);
  });

  it('appends lines to the day\'s file, mode 0600, and removes the expired days when opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-log-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'lead-inbox-2026-11-01.log'), 'old\n');
    writeFileSync(join(dir, 'keep.txt'), 'x');
    let now = new Date(2026, 11, 8, 10, 0, 0);
    const log = openLogFile(dir, () => now);
    log.write('info', 'started');
    now = new Date(2026, 11, 9, 0, 0, 1);
    log.write('warn', `sync failed: DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${KEY};EndpointSuffix=core.windows.net\nsecond line`);
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'lead-inbox-2026-12-08.log', 'lead-inbox-2026-12-09.log']);
    expect(readFileSync(join(dir, 'lead-inbox-2026-12-08.log'), 'utf8')).toMatch(/^\S+Z INFO {2}started\n$/);
    const next = readFileSync(join(dir, 'lead-inbox-2026-12-09.log'), 'utf8');
    expect(next).toContain('AccountKey=[redacted];EndpointSuffix');
    expect(next).toContain('\n    second line');
    expect(next).not.toContain(KEY);
  });
});

describe('what never reaches the log', () => {
  it('account keys, SAS signatures and authorization headers, in every form a credential takes', () => {
    const lines = [
      `AccountName=contoso;AccountKey=${KEY}`,
      `TableEndpoint=https://contoso.table.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=t&srt=co&sp=rl&se=2027-01-01&sig=AbC%2Bdef%3D`,
      'GET https://contoso.table.core.windows.net/MarketplaceLeads()?sv=2022-11-02&tn=marketplaceleads&sp=r&se=2027-01-01T00:00:00Z&sig=Zm9vYmFy%2F%3D HTTP/1.1',
      'Authorization: SharedKeyLite contoso:c2lnbmF0dXJl',
      'authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig',
      `the key ${KEY} alone`,
    ];
    const cleaned = lines.map(redact).join('\n');
    for (const secret of [KEY, 'AbC%2Bdef%3D', 'Zm9vYmFy%2F%3D', 'c2lnbmF0dXJl', 'eyJhbGciOiJSUzI1NiJ9']) expect(cleaned).not.toContain(secret);
    expect(cleaned).toContain('se=2027-01-01T00:00:00Z&sig=[redacted] HTTP/1.1');
    expect(cleaned).toContain('SharedAccessSignature=[redacted]');
    expect(redact('sync done: table:contoso/marketplaceleads, 120 new')).toBe('sync done: table:contoso/marketplaceleads, 120 new');
  });

  it('a core event is logged by its counts and problem code, never with lead fields; progress is not logged', () => {
    const finished = describeCoreEvent({ type: 'sync:finished', result: { destinationId: 'table:contoso/marketplaceleads', mode: 'incremental', cancelled: false, pages: 1, entities: 3, inserted: 2, updated: 1, unchanged: 0, newRealLeads: 2, total: 1200, seconds: 1.25, problems: [] } });
    expect(finished).toEqual({ level: 'info', message: 'sync done: table:contoso/marketplaceleads (incremental), 3 entities read, 2 new, 1 changed, 1200 leads in all, 1.3 s' });
    const failed = describeCoreEvent({ type: 'sync:failed', destinationId: 'table:contoso/marketplaceleads', background: true, problem: { code: 'wrong-key', message: 'Azure Storage rejected the account key for "contoso".', fix: 'Copy key1 again.' } });
    expect(failed).toMatchObject({ level: 'warn', message: expect.stringMatching(/^sync failed \(scheduled\): table:contoso\/marketplaceleads: wrong-key: Azure Storage rejected/) });
    expect(describeCoreEvent({ type: 'leads:new', destinationId: 'd', count: 1, newestId: 7 })).toEqual({ level: 'info', message: '1 new real lead from d' });
    expect(describeCoreEvent({ type: 'work:changed', syncs: 1, exports: 0 })).toBeNull();
    expect(describeCoreEvent({ type: 'export:progress', exportId: 'e', rows: 1, total: 2 })).toBeNull();
  });
});

describe('a window whose page died or hangs', () => {
  it('offers a reload, says the archive is safe and where the details are; a clean exit says nothing', () => {
    expect(rendererGoneDialog('crashed', 1)).toMatchObject({ buttons: ['Reload', 'Quit'], actions: ['reload', 'quit'], detail: expect.stringMatching(/it crashed\. Your archive and its leads are safe.*Open Log Folder/) });
    expect(rendererGoneDialog('oom', 1)?.detail).toMatch(/ran out of memory/);
    expect(rendererGoneDialog('launch-failed', 18)?.detail).toMatch(/launch-failed, exit code 18/);
    expect(rendererGoneDialog('clean-exit', 0)).toBeNull();
    expect(rendererHungDialog()).toMatchObject({ buttons: ['Wait', 'Reload'], actions: ['wait', 'reload'] });
  });
});

describe('an unexpected error in a call', () => {
  it('gives the window a plain sentence and hands its details to the door\'s log', async () => {
    const service = { archiveInfo: () => {
      throw new TypeError('Cannot read properties of undefined (reading \'leads\')');
    } } as unknown as LeadInboxService;
    const reported: string[] = [];
    const dispatch = createDispatcher(service, { chooseExportFile: () => Promise.resolve(null), reportUnexpected: (channel, error) => reported.push(`${channel}: ${(error as Error).message}`) });
    expect(await dispatch('archive:info', {})).toEqual({ ok: false, error: { kind: 'failed', message: 'Something went wrong inside Lead Inbox; the details are in its log.' } });
    expect(reported).toEqual(["archive:info: Cannot read properties of undefined (reading 'leads')"]);
  });
});
