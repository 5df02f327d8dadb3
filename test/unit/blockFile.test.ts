import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBlockFile } from '../../electron/core/export/blockFile';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
const openFds = () => readdirSync('/proc/self/fd').length;

describe('block file', () => {
  it('writes every text in order across block boundaries, multi-byte characters and texts larger than a block', () => {
    const file = join(tempDir(), 'out.txt');
    const out = openBlockFile(file);
    const texts = [
      ...Array.from({ length: 3000 }, (_, i) => `row ${i}, Zoë "Zee" 🚀 ${'x'.repeat(i % 700)}\r\n`),
      'é'.repeat(600_000),
      '日本語'.repeat(200_000),
      'tail\r\n',
    ];
    const flushed = texts.map((text) => out.write(text));
    out.end();
    expect(readFileSync(file, 'utf8')).toBe(texts.join(''));
    // About 1.6 MB of small texts and two large ones: a few blocks, not one write per text.
    expect(flushed.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    expect(flushed.filter(Boolean).length).toBeLessThan(10);
  });

  it.skipIf(process.platform !== 'linux')('closes its file when abandoned, and refuses writes once closed', () => {
    const before = openFds();
    const out = openBlockFile(join(tempDir(), 'out.txt'));
    expect(openFds()).toBe(before + 1);
    out.write('kept in memory, never written');
    out.close();
    expect(openFds()).toBe(before);
    out.close();
    expect(() => out.write('more')).toThrow(/already closed/);
  });
});
