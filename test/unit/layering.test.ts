import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sourceFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return sourceFiles(child);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [child] : [];
  });
}

/** Every module specifier a file names: static and type imports, re-exports, dynamic imports and requires. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** The project file a relative specifier names, relative to the root with forward slashes (null for packages). */
function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return relative(ROOT, file).split(sep).join('/');
}

/** The imports of every file under `from` that land under one of `forbidden` (paths from the root). */
function crossings(from: string[], forbidden: (target: string) => boolean): string[] {
  return from.flatMap((root) =>
    sourceFiles(join(ROOT, root)).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .map((s) => resolveSpecifier(file, s))
        .filter((target): target is string => target !== null && forbidden(target))
        .map((target) => `${relative(ROOT, file).split(sep).join('/')} -> ${target}`),
    ),
  );
}

describe('layering', () => {
  it('finds every kind of import it is asked to police', () => {
    const source = `import a from './a';\nimport type { B } from "./b";\nexport * from './c';\nimport './d';\nconst e = await import('./e');\nrequire('./f');\nimport {\n  g,\n  h,\n} from './gh';`;
    expect(specifiers(source).sort()).toEqual(['./a', './b', './c', './d', './e', './f', './gh']);
  });

  it('keeps electron out of the core, which must run in plain Node', () => {
    const offenders = sourceFiles(join(ROOT, 'electron', 'core')).filter((file) => specifiers(readFileSync(file, 'utf8')).includes('electron'));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
    expect(sourceFiles(join(ROOT, 'electron', 'core')).length).toBeGreaterThan(10);
  });

  it('lets the window see only the contract (electron/api.ts and its constants), never the core', () => {
    const contract = new Set(['electron/api.ts', 'electron/apiChannels.ts']);
    expect(crossings(['renderer'], (target) => target.startsWith('electron/') && !contract.has(target))).toEqual([]);
  });

  it('sends the command line through the service: no import of the archive, sync, export or Azure modules', () => {
    const below = ['store', 'sync', 'export', 'azure'].map((layer) => `electron/core/${layer}/`);
    expect(crossings(['electron/cli.ts', 'electron/cliEntry.ts', 'electron/cli'], (target) => below.some((layer) => target.startsWith(layer)))).toEqual([]);
  });

  it('keeps the archive ignorant of Azure', () => {
    expect(crossings(['electron/core/store'], (target) => target.startsWith('electron/core/azure/'))).toEqual([]);
  });
});
