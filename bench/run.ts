import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArchiveLoad } from './archiveLoad';
import { benchCli } from './cli';
import { benchInbox } from './inbox';
import { benchTableSync } from './tableSync';
import { benchUi } from './ui';
import { meetsTarget, printFigures, scaled, SCALE, stage, writeFiguresJson, type Figure } from './harness';

const figures: Figure[] = [];
const started = performance.now();
console.log(`Lead Inbox benchmarks (${SCALE} scale; BENCH_SCALE=small for a quick run)\n`);

const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bench-archive-'));
try {
  const archive = join(dir, 'archive.db');
  const leads = scaled(1_000_000, 50_000);
  figures.push(...(await stage(`archive bulk load, ${leads.toLocaleString('en-US')} leads, three ways`, () => benchArchiveLoad(leads, archive))));
  figures.push(...(await stage('inbox: lead index, search, facets, Duplicates view, CSV export', () => benchInbox(archive))));
  figures.push(...(await stage('the window in Chromium', () => benchUi(archive))));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const entities = scaled(100_000, 20_000);
figures.push(...(await stage(`sync from Azurite, ${entities.toLocaleString('en-US')} entities`, () => benchTableSync(entities))));
figures.push(...(await stage('the command line, as whole processes', () => benchCli(10_000))));

console.log('\nAll figures:');
printFigures(figures);
writeFiguresJson(figures);
console.log(`\n${figures.filter(meetsTarget).length} of ${figures.length} figures meet their target; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`);
