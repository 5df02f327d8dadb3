import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../electron/cli/demo';
import { exportLeads } from '../../electron/core/export';
import type { RangeJob } from '../../electron/core/export/exportRanges';
import { recordSql } from '../../electron/core/export/writeRecords';
import { parseLeadQuery } from '../../electron/core/inbox';
import { fromSql, orderBySql } from '../../electron/core/inbox/querySql';
import { openArchive } from '../../electron/core/store';
import type { FromWorker } from '../../electron/workerProtocol';
import { sampleLeads } from '../helpers/leads';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

// The bundles under out/ come from test/globalSetup.ts.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-doors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built core worker (what Electron main runs)', () => {
  it('opens the archive and answers numbered calls, refusing malformed ones', async () => {
    const archivePath = join(dir, 'worker.db');
    const archive = openArchive(archivePath);
    archive.upsertLeads(sampleLeads(250, 3));
    archive.close();
    const worker = new Worker(join(ROOT, 'out', 'main', 'coreWorker.cjs'), { workerData: { archivePath, dataKey: { kind: 'keychain', key: new Uint8Array(randomBytes(32)) }, nativeBinding: null, network: { proxy: null, noProxy: null, extraCertificates: [] } } });
    const results = new Map<number, unknown>();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'result') results.set(message.id, message.result);
    });
    worker.postMessage({ type: 'call', id: 1, channel: 'leads:query', payload: { query: { test: 'all' }, window: { offset: 0, limit: 3 } } });
    worker.postMessage({ type: 'call', id: 2, channel: 'leads:query', payload: { query: { sort: 'nope' } } });
    worker.postMessage({ type: 'call', id: 3, channel: 'views:list', payload: {} });
    const deadline = Date.now() + 10_000;
    while (results.size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(results.get(1)).toMatchObject({ ok: true, value: { total: 250 } });
    expect(results.get(2)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(results.get(3)).toMatchObject({ ok: true });
    worker.postMessage({ type: 'close', limitMs: 1_000 });
    await new Promise((r) => worker.once('exit', r));
  });

  it('has a built export range worker that writes its rows as the exporting thread would', async () => {
    const archivePath = join(dir, 'ranges.db');
    const archive = openArchive(archivePath);
    archive.upsertLeads(sampleLeads(1200, 4));
    const whole = join(dir, 'whole.csv');
    await exportLeads(archive, { test: 'all' }, { file: whole, threads: 1 });
    archive.close();
    const job: RangeJob = {
      archiveFile: archivePath,
      sql: `SELECT ${recordSql('default')} ${fromSql()} WHERE (1) ORDER BY ${orderBySql(parseLeadQuery({}))}`,
      params: [],
      columns: { set: 'default', extraProperties: [] },
      partFile: join(dir, 'part.csv'),
      stop: new SharedArrayBuffer(4),
      progress: new SharedArrayBuffer(4),
      slot: 0,
    };
    const worker = new Worker(join(ROOT, 'out', 'main', 'exportWorker.cjs'), { workerData: job });
    const outcome = await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(outcome).toEqual({ rows: 1200, tally: { leftOut: {}, placeholders: {}, cut: {} }, files: [job.partFile] });
    const [header, ...rows] = readFileSync(whole, 'utf8').split('\r\n');
    expect(header).toMatch(/^\uFEFFReceived,/);
    expect(readFileSync(job.partFile, 'utf8')).toBe(rows.join('\r\n'));
  });

  it('keeps the sandboxed preload free of the core', () => {
    const preload = readFileSync(join(ROOT, 'out', 'main', 'preload.cjs'), 'utf8');
    expect(preload).toMatch(/require\("electron"\)/);
    // A sandboxed preload may require electron and nothing else.
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/better-sqlite3|zod/);
  });
});

describe('npm run demo', () => {
  it('starts Azurite, fills a table, syncs it, serves the inbox, and removes it all on stop', async () => {
    const lines: string[] = [];
    const demo = await startDemo({ count: 600 }, (line) => lines.push(line));
    const page = await fetch(demo.url);
    expect(page.status).toBe(200);
    const token = new URL(demo.url).searchParams.get('token')!;
    const res = await fetch(new URL('/api/leads:facets', demo.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-lead-inbox-token': token }, body: '{"query":{"test":"all"}}' });
    const facets = (await res.json()) as { ok: boolean; value: { test: { value: string; count: number }[] } };
    expect(facets.ok).toBe(true);
    expect(facets.value.test.reduce((sum, f) => sum + f.count, 0)).toBe(600);
    expect(lines.join('\n')).toMatch(/First sync: 600 leads/);
    const profiles = await fetch(new URL('/api/profiles:list', demo.url), { method: 'POST', headers: { 'content-type': 'application/json', 'x-lead-inbox-token': token }, body: '{}' });
    expect(JSON.stringify(await profiles.json())).not.toMatch(/AccountKey|Eby8vdM02/);
    await demo.stop();
    await expect(fetch(demo.url)).rejects.toThrow();
  }, 90_000);
});
