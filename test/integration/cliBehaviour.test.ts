import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/core/store';
import { CLI_BIN, runCli } from '../helpers/cli';
import { sampleLeads } from '../helpers/leads';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const ROOT = join(import.meta.dirname, '..', '..');
const mode = (file: string) => statSync(file).mode & 0o777;

function archiveWith(leads: number): string {
  const db = join(tempDir(), 'leads.db');
  const archive = openArchive(db);
  archive.upsertLeads(sampleLeads(leads, 21));
  archive.close();
  return db;
}

describe('lead-inbox as a command line behaves like one', () => {
  it('never creates an archive for a command that reads: says there is none, where the default is, and exits 1', async () => {
    const home = tempDir();
    const typo = join(home, 'no-such-folder', 'leads-typo.db');
    for (const args of [['list', '--db', typo], ['export', '--db', typo, '--out', join(home, 'x.csv')]]) {
      const result = await runCli(args, { XDG_CONFIG_HOME: home });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Problem: There is no archive at ${typo}.`);
      expect(result.stderr).toContain(`What to do: Check the --db path. The app's own archive is ${join(home, 'Lead Inbox', 'leads.db')}`);
      expect(result.stdout).toBe('');
    }
    expect(readdirSync(home)).toEqual([]);
    const defaultMissing = await runCli(['list'], { XDG_CONFIG_HOME: home });
    expect(defaultMissing.code).toBe(1);
    expect(readdirSync(home)).toEqual([]);
  });

  it('ends quietly when the reader of its output stops early (| head)', async () => {
    const db = archiveWith(400);
    const child = spawn(process.execPath, [CLI_BIN, 'list', '--db', db, '--json', '--limit', '400', '--all'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 600`: read a little, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    expect([0, 141]).toContain(code);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('names the missing folder of an export (never a temporary file), and makes one new last folder', async () => {
    const db = archiveWith(50);
    const base = tempDir();
    const deep = join(base, 'no', 'such', 'folder', 'x.csv');
    const missing = await runCli(['export', '--db', db, '--out', deep]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Problem: Cannot write ${deep}: the folder ${join(base, 'no')} does not exist.`);
    expect(missing.stderr).not.toMatch(/partial|ENOENT/);
    expect(existsSync(join(base, 'no'))).toBe(false);

    const fresh = join(base, 'exports', 'leads.csv');
    const made = await runCli(['export', '--db', db, '--out', fresh]);
    expect(made.code, made.stderr).toBe(0);
    expect(readFileSync(fresh, 'utf8')).toMatch(/^\uFEFF/);
  });

  it('prints its version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('checks a connection string before touching any file: no archive, no app-data folder, no key file', async () => {
    const home = tempDir();
    for (const command of ['sync', 'test-connection']) {
      const result = await runCli([command, '--connection-string', 'garbage', '--key-file', join(home, 'k.key')], { XDG_CONFIG_HOME: home });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^Problem \(malformed-connection-string\): /);
      expect(result.stderr).not.toContain('Archive:');
    }
    expect(readdirSync(home)).toEqual([]);
  });

  it('keeps the archive, its -wal and -shm files, its new folder and exports private to their owner (POSIX)', async () => {
    const home = tempDir();
    const db = join(home, 'private', 'leads.db');
    const archive = openArchive(db);
    archive.upsertLeads(sampleLeads(20, 4));
    expect(mode(join(home, 'private'))).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file)).toBe(0o600);
    archive.close();
    const out = join(home, 'leads.csv');
    expect((await runCli(['export', '--db', db, '--out', out, '--all'])).code).toBe(0);
    expect(mode(out)).toBe(0o600);
  });

  it('shows no stack trace, unless LEAD_INBOX_DEBUG=1 asks for one', async () => {
    const typo = join(tempDir(), 'x', 'y.db');
    const plain = await runCli(['list', '--db', typo]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(['list', '--db', typo], { LEAD_INBOX_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
