import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchArchiveLoad } from './archiveLoad';
import { benchInbox } from './inbox';
import { benchTableSync } from './tableSync';
import { benchUi } from './ui';
import { meetsTarget, printFigures, scaled, SCALE, writeFiguresJson, type Figure } from './harness';

const figures: Figure[] = [];
const started = performance.now();
console.log(`Lead Inbox benchmarks (${SCALE} scale; BENCH_SCALE=small for a quick run)\n`);

const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bench-archive-'));
try {
  const archive = join(dir, 'archive.db');
  figures.push(...benchArchiveLoad(scaled(1_000_000, 50_000), archive));
  figures.push(...benchInbox(archive));
  figures.push(...(await benchUi(archive)));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
figures.push(...(await benchTableSync(scaled(100_000, 20_000))));

console.log();
printFigures(figures);
writeFiguresJson(figures);
console.log(`\n${figures.filter(meetsTarget).length} of ${figures.length} figures meet their target; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`);
