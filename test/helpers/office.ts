import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The installed LibreOffice's version ("25.2.3.2"), or null when there is none. */
function libreOfficeVersion(): string | null {
  try {
    return /LibreOffice (\d+\.\d+[\d.]*)/.exec(execFileSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 }))?.[1] ?? null;
  } catch {
    return null;
  }
}

// `.ci/run` installs LibreOffice (a current one where it can, else the distribution's) and sets
// LEAD_INBOX_REQUIRE_LIBREOFFICE, so these checks run there whichever version it got, and fail without one.
export const office = libreOfficeVersion();
export const officeMajor = office ? Number(office.split('.')[0]) : 0;
export const skipWithoutOffice = process.env.LEAD_INBOX_REQUIRE_LIBREOFFICE !== '1' && office === null;

/**
 * LibreOffice before 24 (7.4 is Debian 12's) reads a CSV opened without filter options as Windows-1252,
 * whatever its byte-order mark says; it reads it right when told the file is UTF-8, as docs/command-line.md tells its
 * users: comma-separated, double-quoted, UTF-8 (76), from line 1. Current LibreOffice opens the file as it is.
 */
export const CSV_UTF8_FILTER = 'CSV:44,34,76,1';
export const needsCsvFilter = officeMajor > 0 && officeMajor < 24;

/**
 * `soffice --headless --convert-to <to>` with a profile of its own in `dir`, writing next to it in `dir`;
 * `infilter` says how to read the input, as a user of that version would.
 */
export function convertWithOffice(file: string, to: string, dir: string, infilter?: string): void {
  const args = [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', to, '--outdir', dir, file];
  execFileSync('soffice', args, { timeout: 180_000, stdio: 'ignore' });
}
