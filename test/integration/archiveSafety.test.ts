import { execFile, execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleEntities } from '../../electron/core/sample';
import { KeyFileCipher } from '../../electron/core/secrets';
import { openService } from '../../electron/core/service';
import { openArchive } from '../../electron/core/store';
import { createDispatcher } from '../../electron/dispatch';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { CLI_BIN, runCli as cli, type CliResult } from '../helpers/cli';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';
import { expectArchiveComplete, expectArchiveEqualsTable } from '../support/archiveCompare';

const run = promisify(execFile);
const tempDir = useTempDir();
const COUNT = 20_000;
let azurite: Azurite;

/** `lead-inbox` with the system's file-size limit (RLIMIT_FSIZE) at `kilobytes`: writes past it fail as on a full disk. */
async function cliWithFileLimit(kilobytes: number, args: readonly string[]): Promise<CliResult> {
  const quoted = [process.execPath, CLI_BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  try {
    const { stdout, stderr } = await run('bash', ['-c', `ulimit -f ${kilobytes} && exec ${quoted}`]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: COUNT, seed: 61 }));
}, 120_000);
afterAll(async () => {
  await azurite?.stop();
});

describe('a disk that refuses writes', () => {
  it('ends a sync with what to do, keeps every page written before, and the next sync finishes the copy', async () => {
    const dir = tempDir();
    const db = join(dir, 'leads.db');
    const cut = await cliWithFileLimit(12_000, ['sync', '--connection-string', azurite.connectionString, '--db', db]);
    expect(cut.code, cut.stderr).toBe(1);
    expect(cut.stderr).toMatch(/Problem: Lead Inbox could not write to the archive: .*it may be full, or the file may have reached the largest size this system allows\. Everything saved before this is kept\./);
    expect(cut.stderr).toMatch(/What to do: Free some disk space/);
    expect(cut.stderr).not.toMatch(/\n\s+at /);

    const kept = openArchive(db);
    const leadsKept = kept.countLeads();
    kept.close();
    expect(leadsKept).toBeGreaterThan(0);
    expect(leadsKept).toBeLessThan(COUNT);
    const checked = await cli(['check', '--db', db]);
    expect(checked.code, checked.stderr).toBe(0);

    const resumed = await cli(['sync', '--connection-string', azurite.connectionString, '--db', db]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const archive = openArchive(db);
    await expectArchiveEqualsTable(archive, `table:${DEV_ACCOUNT}/marketplaceleads`, azurite.connectionString, 'MarketplaceLeads');
    expectArchiveComplete(archive);
    archive.close();

    // An import into a disk that takes nothing more: refused whole, the archive as it was.
    const cutImport = await cliWithFileLimit(4, ['import', '--db', db, join(import.meta.dirname, '..', 'fixtures', 'imports', 'payloads-pascal.json')]);
    expect(cutImport.code, cutImport.stderr).toBe(1);
    expect(cutImport.stderr).toMatch(/Problem: Lead Inbox could not write to the archive: the disk refused the write/);
    const afterImport = openArchive(db);
    expect(afterImport.countLeads()).toBe(COUNT);
    afterImport.close();

    const out = join(dir, 'exports', 'all.csv');
    const cutExport = await cliWithFileLimit(1_000, ['export', '--db', db, '--out', out, '--include-test']);
    expect(cutExport.code, cutExport.stderr).toBe(1);
    expect(cutExport.stderr).toMatch(/Problem: Cannot write .*all\.csv: the disk refused the write: it may be full, or the file may have reached the largest size this system allows\./);
    expect(cutExport.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dir, 'exports')), 'no partial export is left behind').toEqual([]);
  }, 240_000);
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('secrets at rest', () => {
  it('never puts an account key in the archive, its WAL, an export, a backup, a log line or an error message', async () => {
    const dir = tempDir();
    const db = join(dir, 'leads.db');
    const keyFile = join(dir, 'lead-inbox.key');
    const outputs: string[] = [];
    const record = (result: CliResult) => {
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect(record(await cli(['sync', '--connection-string', azurite.connectionString, '--db', db, '--key-file', keyFile])).code).toBe(0);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const id = `table:${DEV_ACCOUNT}/marketplaceleads`;
    expect(record(await cli(['sync', '--destination', id, '--key-file', keyFile, '--db', db])).code).toBe(0);
    expect(record(await cli(['export', '--db', db, '--out', join(dir, 'all.csv'), '--include-test', '--columns', 'all'])).code).toBe(0);
    expect(record(await cli(['export', '--db', db, '--out', join(dir, 'all.xlsx'), '--include-test'])).code).toBe(0);
    expect(record(await cli(['backup', '--db', db, '--out', join(dir, 'backup.db')])).code).toBe(0);
    expect(record(await cli(['backup', '--db', db, '--out', join(dir, 'backup-with-secrets.db'), '--include-secrets'])).code).toBe(0);
    expect(record(await cli(['check', '--db', db])).code).toBe(0);
    // A wrong key, refused by the service: the message names the problem, never the key it was given.
    const wrongKey = Buffer.from('a wrong key that must never be shown again').toString('base64');
    const refused = record(await cli(['sync', '--connection-string', azurite.connectionString.replace(DEV_KEY, wrongKey), '--db', join(dir, 'other.db')], { LEAD_INBOX_DEBUG: '1' }));
    expect(refused.code).toBe(3);

    const secrets = [DEV_KEY, wrongKey].flatMap((key) => [key, key.slice(8, 40), Buffer.from(key, 'base64').toString('latin1').slice(4, 24)]);
    const files = filesUnder(dir).filter((file) => file !== keyFile);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const secret of secrets) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false);
    }
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret), output).toBe(false);
  }, 120_000);
});

/** Mounts a small tmpfs at `dir` and returns a function that makes it read-only, or null where mounting is not allowed. */
function mountTmpfs(dir: string): { readOnly(): void; unmount(): void } | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    unmount: () => execFileSync('umount', [dir]),
  };
}

/**
 * An archive of 300 sample leads on a tmpfs of its own (a disk the test can make read-only or fill), or
 * null where mounting is not allowed.
 */
function archiveOnTmpfs(seed: number): { dir: string; db: string; volume: string; mounted: NonNullable<ReturnType<typeof mountTmpfs>> } | null {
  const dir = tempDir();
  const volume = join(dir, 'volume');
  mkdirSync(volume);
  const mounted = mountTmpfs(volume);
  if (!mounted) return null;
  const db = join(volume, 'leads.db');
  const archive = openArchive(db);
  archive.upsertLeads(sampleLeads(300, seed));
  archive.close();
  return { dir, db, volume, mounted };
}

describe('an archive on a read-only disk', () => {
  it('is named as read-only with what to do by every command, and left as it was', async (context) => {
    const disk = archiveOnTmpfs(8);
    // Root ignores file modes, so a real read-only file system stands in for a read-only share or disk.
    if (!disk) return context.skip('mounting a tmpfs needs root');
    const { dir, db, mounted } = disk;
    try {
      mounted.readOnly();
      const before = readFileSync(db);
      for (const args of [['list'], ['export', '--out', join(dir, 'out.csv')], ['backup', '--out', join(dir, 'b.db')], ['check'], ['sync', '--connection-string', azurite.connectionString]]) {
        const result = await cli([...args, '--db', db]);
        expect(result.code, args[0]).toBe(1);
        expect(result.stderr, args[0]).toMatch(/leads\.db cannot be written: it is on a read-only disk\..*Nothing was changed\./);
        expect(result.stderr, args[0]).toMatch(/copy it|Copy the archive/);
        expect(result.stderr).not.toMatch(/not a (sound )?Lead Inbox archive|\n\s+at /);
      }
      expect(readFileSync(db).equals(before)).toBe(true);
    } finally {
      mounted.unmount();
    }
  }, 120_000);
});

/** The unprivileged account every Linux has; permissions bind it, as they would a colleague's account. */
const NOBODY = { uid: 65534, gid: 65534 };

describe('an archive another user locked', () => {
  it('is named as locked, never as missing or damaged, by every command, and left as it was', async (context) => {
    if (process.getuid?.() !== 0) return context.skip('running a command as another user needs root');
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const layouts = {
      // A folder this user may not enter (another user's home or profile folder).
      folder: { folderMode: 0o700, fileMode: 0o600, says: /cannot be opened: you may not open its folder .*locked-folder\./ },
      // A folder this user may enter, but a file only its owner may read.
      file: { folderMode: 0o755, fileMode: 0o600, says: /cannot be opened: you may not read the file\./ },
      // Readable, but neither the file nor its folder may be written (SQLite needs both).
      readable: { folderMode: 0o555, fileMode: 0o644, says: /cannot be written: you may not write the file\./ },
    };
    for (const [name, layout] of Object.entries(layouts)) {
      const folder = join(dir, `locked-${name}`);
      mkdirSync(folder);
      const db = join(folder, 'leads.db');
      const archive = openArchive(db);
      archive.upsertLeads(sampleLeads(200, 9));
      archive.close();
      chmodSync(db, layout.fileMode);
      chmodSync(folder, layout.folderMode);
      const before = readFileSync(db);
      const commands = [['list'], ['check'], ['export', '--out', join(dir, 'out.csv')], ['backup', '--out', join(dir, 'b.db')], ['sync', '--connection-string', azurite.connectionString]];
      for (const args of commands) {
        const result = await cli([...args, '--db', db], {}, NOBODY);
        expect(result.code, `${name}: ${args[0]}`).toBe(1);
        expect(result.stderr, `${name}: ${args[0]}`).toMatch(layout.says);
        expect(result.stderr, `${name}: ${args[0]}`).toMatch(/Nothing was changed/);
        expect(result.stderr, `${name}: ${args[0]}`).not.toMatch(/There is no archive|not a (sound )?Lead Inbox archive|damaged|\n\s+at /);
      }
      expect(readFileSync(db).equals(before), name).toBe(true);
      expect(readdirSync(folder), name).toEqual(['leads.db']);
      chmodSync(folder, 0o700);
    }
  }, 120_000);
});

/** Writes zeros into `file` until the disk says it is full: first in large blocks, then page by page. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const block = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a triage edit on a full disk', () => {
  it('is refused with what to do, the window keeps showing what is saved, and the edit goes through once there is room', async (context) => {
    const disk = archiveOnTmpfs(12);
    if (!disk) return context.skip('mounting a tmpfs needs root');
    const { dir, db, volume, mounted } = disk;
    try {
      const service = openService(db, { cipher: new KeyFileCipher(join(dir, 'k.key')) });
      // The same dispatcher the desktop window and browser mode call.
      const dispatch = createDispatcher(service, { chooseExportFile: () => Promise.resolve(null) });
      const [first, second] = service.queryLeads({}, { limit: 2 }).rows;
      try {
        expect((await dispatch('leads:triage', { target: { ids: [first!.id] }, patch: { status: 'qualified', notes: 'called back' } })).ok).toBe(true);

        fillDisk(join(volume, 'filler'));
        const refused = await dispatch('leads:triage', { target: { ids: [second!.id] }, patch: { status: 'contacted', notes: 'left a voicemail' } });
        expect(refused.ok).toBe(false);
        const message = refused.ok ? '' : refused.error.message;
        expect(message).toMatch(/could not write .*the disk refused the write.*Everything saved before this is kept\..*Free some disk space/);
        // What the window reads back is what the archive holds: the refused edit is not shown as saved.
        const detail = await dispatch('leads:detail', { id: second!.id });
        expect(detail.ok && detail.value?.triage.status).toBe('new');
        expect(detail.ok && detail.value?.triage.notes).toBe('');

        rmSync(join(volume, 'filler'));
        expect((await dispatch('leads:triage', { target: { ids: [second!.id] }, patch: { status: 'contacted', notes: 'left a voicemail' } })).ok).toBe(true);
      } finally {
        service.close();
      }
      const reopened = openArchive(db);
      try {
        const triage = (id: number) => reopened.getLead(id)!.triage;
        const ids = [first!.id, second!.id];
        expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(reopened.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(300);
        expect(ids.map(triage).map(({ status, notes }) => ({ status, notes }))).toEqual([
          { status: 'qualified', notes: 'called back' },
          { status: 'contacted', notes: 'left a voicemail' },
        ]);
      } finally {
        reopened.close();
      }
    } finally {
      mounted.unmount();
    }
  }, 120_000);
});

describe('a triage edit while another program holds the write lock past the wait', () => {
  it('is refused with what to do, nothing is half-saved, and the edit goes through once the lock is free', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const seeded = openArchive(db);
    seeded.upsertLeads(sampleLeads(50, 4));
    seeded.close();
    const service = openService(db, { cipher: new KeyFileCipher(join(dir, 'k.key')) });
    const dispatch = createDispatcher(service, { chooseExportFile: () => Promise.resolve(null) });
    // Another program (a sync elsewhere) in the middle of a long write; the app's wait is cut to 200 ms here.
    const other = new Database(db);
    service.archive.db.pragma('busy_timeout = 200');
    try {
      const [lead] = service.queryLeads({}, { limit: 1 }).rows;
      other.exec("BEGIN IMMEDIATE; INSERT OR REPLACE INTO archive_meta (key, value) VALUES ('other_program', 'writing')");
      const refused = await dispatch('leads:triage', { target: { ids: [lead!.id] }, patch: { status: 'qualified', notes: 'called back' } });
      expect(refused.ok).toBe(false);
      expect(refused.ok ? '' : refused.error.message).toBe(
        'Another program was writing to the archive (a Lead Inbox sync running elsewhere, perhaps a scheduled one) for longer than Lead Inbox waits, so this change was not saved. Do it again in a moment; nothing else was changed.',
      );
      const detail = await dispatch('leads:detail', { id: lead!.id });
      expect(detail.ok && detail.value?.triage).toMatchObject({ status: 'new', notes: '' });

      other.exec('COMMIT');
      expect((await dispatch('leads:triage', { target: { ids: [lead!.id] }, patch: { status: 'qualified', notes: 'called back' } })).ok).toBe(true);
      expect(service.leadDetail(lead!.id)?.triage).toMatchObject({ status: 'qualified', notes: 'called back' });
    } finally {
      other.close();
      service.close();
    }
  });
});
