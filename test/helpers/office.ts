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

// LibreOffice before 24.x read a CSV opened without filter options as Windows-1252 whatever its BOM said
// (7.4 did; 25.2 reads UTF-8). `.ci/run` installs a current one and sets LEAD_INBOX_REQUIRE_LIBREOFFICE so
// these checks can never be skipped there.
export const office = libreOfficeVersion();
export const officeMajor = office ? Number(office.split('.')[0]) : 0;
export const skipWithoutOffice = process.env.LEAD_INBOX_REQUIRE_LIBREOFFICE !== '1' && officeMajor < 25;

/** `soffice --headless --convert-to <to>` with a profile of its own in `dir`, writing next to it in `dir`. */
export function convertWithOffice(file: string, to: string, dir: string): void {
  execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', to, '--outdir', dir, file], { timeout: 180_000, stdio: 'ignore' });
}
