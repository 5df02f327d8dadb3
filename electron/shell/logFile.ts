import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The desktop app's log: one file a day in the app's logs folder, kept 14 days. It says what the app did
 * (started, synced, failed and why, updated) so a user or a support answer can follow it, and never holds
 * a secret (redact() runs over every line) or a lead's contents (what is logged is counts, codes and the
 * app's own messages, never lead fields).
 */
export const KEEP_DAYS = 14;
const NAME = /^lead-inbox-(\d{4}-\d{2}-\d{2})\.log$/;

/** The day's file name, by the local calendar the user reads it by. */
export function logFileName(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `lead-inbox-${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}.log`;
}

/** The log files older than KEEP_DAYS days before `now`; other files in the folder are never touched. */
export function expiredLogFiles(names: readonly string[], now: Date): string[] {
  const oldest = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (KEEP_DAYS - 1));
  return names.filter((name) => {
    const day = NAME.exec(name)?.[1];
    if (!day) return false;
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d) < oldest;
  });
}

const SECRETS: readonly [RegExp, string][] = [
  // Connection strings: the account key and a SAS inside one.
  [/(AccountKey\s*=\s*)[^;\s"']+/gi, '$1[redacted]'],
  [/(SharedAccessSignature\s*=\s*)[^;\s"']+/gi, '$1[redacted]'],
  // A SAS token's signature, wherever the token stands (a URL, a query string).
  [/([?&;]sig=)[^&\s"';]+/gi, '$1[redacted]'],
  [/(Authorization:\s*)\S+(\s+\S+)?/gi, '$1[redacted]'],
  [/\b(SharedKey(?:Lite)?\s+[^:\s]+:)\S+/g, '$1[redacted]'],
  // A storage account key on its own: 64 bytes in base64 (88 characters ending in ==).
  [/\b[A-Za-z0-9+/]{86}==/g, '[redacted]'],
];

/** The line with every secret a storage credential can carry replaced by [redacted]. */
export function redact(text: string): string {
  return SECRETS.reduce((line, [pattern, replacement]) => line.replace(pattern, replacement), text);
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFile {
  write(level: LogLevel, message: string): void;
  readonly folder: string;
}

/** The log in `folder`: appends redacted lines to the day's file, and removes expired days at start. */
export function openLogFile(folder: string, now: () => Date = () => new Date()): LogFile {
  mkdirSync(folder, { recursive: true });
  try {
    for (const name of expiredLogFiles(readdirSync(folder), now())) rmSync(join(folder, name), { force: true });
  } catch {
    // An old file that cannot be removed is left; the log itself still works.
  }
  return {
    folder,
    write(level, message) {
      const time = now();
      const line = `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${redact(message).replace(/\r?\n/g, '\n    ')}\n`;
      try {
        appendFileSync(join(folder, logFileName(time)), line, { mode: 0o600 });
      } catch {
        // A full disk or a removed folder must not stop the app; the line is lost, nothing else.
      }
    },
  };
}
