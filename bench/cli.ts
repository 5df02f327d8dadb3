import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleEntities } from '../electron/core/sample';
import { startAzurite } from '../electron/dev/azurite';
import { seedTable } from '../electron/dev/seed';
import type { Figure } from './harness';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'lead-inbox.js');

/** Wall time of a whole process, from spawn to exit, in ms. */
function processMs(args: string[], env: NodeJS.ProcessEnv = {}): { ms: number; stdout: string } {
  const start = performance.now();
  const stdout = execFileSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  return { ms: performance.now() - start, stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The command line as cron jobs and scripts meet it: whole processes. `--help` against a Node process
 * that does nothing; a first sync of a table from Azurite into a new archive against a Node process that
 * lists the same table with the bare SDK. Runs alternate, so both sides see the same machine.
 */
export async function benchCli(entities: number): Promise<Figure[]> {
  const help: number[] = [];
  const nothing: number[] = [];
  for (let i = 0; i < 10; i++) {
    nothing.push(processMs(['-e', '0']).ms);
    const { ms, stdout } = processMs([CLI, '--help']);
    if (!stdout.includes('Usage: lead-inbox')) throw new Error('lead-inbox --help printed no usage');
    help.push(ms);
  }

  const azurite = await startAzurite();
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bench-cli-'));
  try {
    await seedTable(azurite.connectionString, 'CliLeads', generateSampleEntities({ count: entities, seed: 13 }));
    const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const bare: number[] = [];
    const sync: number[] = [];
    for (let round = 0; round < 5; round++) {
      const listed = processMs([join(import.meta.dirname, 'bareListProcess.mjs'), 'CliLeads'], env);
      if (Number(listed.stdout) !== entities) throw new Error(`the bare process listed ${listed.stdout.trim()} of ${entities}`);
      bare.push(listed.ms);
      const synced = processMs([CLI, 'sync', '--table', 'CliLeads', '--db', join(dir, `round-${round}.db`)], env);
      if (!synced.stdout.includes(`${entities.toLocaleString('en-US')} new`)) throw new Error(`lead-inbox sync said: ${synced.stdout}`);
      sync.push(synced.ms);
    }
    const n = entities.toLocaleString('en-US');
    return [
      { name: 'lead-inbox --help, whole process, median of 10 (baseline, a floor: node -e 0)', value: median(help), unit: 'ms', baseline: median(nothing), target: '<= 300' },
      { name: `lead-inbox sync of ${n} entities into a new archive, whole process, median of 5 (baseline, a floor: a process listing them with the bare SDK, writing nothing)`, value: median(sync), unit: 'ms', baseline: median(bare), target: 'informational' },
      { name: 'lead-inbox sync process time as a multiple of the bare listing process\'s', value: median(sync) / median(bare), unit: 'x', baseline: 1, target: '<= 1.3' },
    ];
  } finally {
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
