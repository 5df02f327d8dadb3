import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CLI_BIN = join(import.meta.dirname, '..', '..', 'bin', 'lead-inbox.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lead-inbox` in a child process, as a user would, and never throws on a non-zero exit. `as` runs it
 * as another user (needs root): permissions only bind a user who is not root.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, as?: { uid: number; gid: number }): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, ...env }, ...as });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
