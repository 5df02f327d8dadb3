import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSampleEntities } from '../../electron/core/sample';
import { runCli } from '../helpers/cli';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();

const cli = (...args: string[]) => runCli(args);

describe('lead-inbox CLI', () => {
  it('prints help with its commands', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: lead-inbox/);
    expect(stdout).toMatch(/generate/);
  });

  it('generates the same sample leads as the library, to a file', async () => {
    const out = join(tempDir(), 'leads.jsonl');
    const { code, stderr } = await cli('generate', '--count', '250', '--seed', '4', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Wrote 250 sample leads/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([...generateSampleEntities({ count: 250, seed: 4 })]);
  });

  it('writes to standard output by default', async () => {
    const { code, stdout } = await cli('generate', '--count', '3');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it('exits 2 on bad usage, saying what is wrong', async () => {
    const bad = await cli('generate', '--count', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--count.*whole number/);
    expect((await cli('no-such-command')).code).toBe(2);
    expect((await cli('generate')).stderr).toMatch(/required option '--count/);
  });
});
