import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');

describe('the README and the guides', () => {
  it('the README is a first screen: under 200 lines, with Install near the top', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    expect(lines.length).toBeLessThan(200);
    expect(lines.findIndex((line) => line === '## Install')).toBeLessThan(20);
    expect(lines.join('\n')).toContain('npm install -g lead-inbox');
  });

  it('every guide is short enough to read in one sitting', () => {
    for (const page of pages) expect(readFileSync(join(ROOT, page), 'utf8').split('\n').length, page).toBeLessThan(200);
  });

  it('every link between them lands on a file and a heading that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of readFileSync(join(ROOT, page), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [file, anchor] = target!.split('#');
        const path = file ? join(ROOT, dirname(page), file) : join(ROOT, page);
        if (!existsSync(path)) broken.push(`${page}: ${target}`);
        else if (anchor && path.endsWith('.md') && ![...readFileSync(path, 'utf8').matchAll(/^#+ (.+)$/gm)].some((m) => slug(m[1]!) === anchor)) broken.push(`${page}: ${target} (no such heading in ${relative(ROOT, path)})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
