import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bridgeToCore, type BridgeHandlers } from '../../electron/shell/coreBridge';
import type { CoreWorkerData } from '../../electron/workerProtocol';

const CORE_WORKER = join(import.meta.dirname, '..', '..', 'out', 'main', 'coreWorker.cjs');
const dirs: string[] = [];
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The desktop app's core worker (its bundle), started as main.ts starts it. */
function startCoreWorker(nativeBinding: string | null = null): Worker {
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bridge-'));
  dirs.push(dir);
  const workerData: CoreWorkerData = { archivePath: join(dir, 'leads.db'), dataKey: { kind: 'keychain', key: new Uint8Array(32).fill(3) }, nativeBinding, network: { proxy: null, noProxy: null, extraCertificates: [] } };
  const worker = new Worker(CORE_WORKER, { workerData });
  workers.push(worker);
  return worker;
}

function handlers() {
  const stopped: string[] = [];
  const h: BridgeHandlers = { onEvent: () => undefined, chooseFile: () => Promise.resolve(null), onStopped: (reason) => stopped.push(reason) };
  return { h, stopped };
}

describe('the bridge from the Electron main process to the core worker', () => {
  it('answers calls while the core runs', async () => {
    const { h, stopped } = handlers();
    const core = bridgeToCore(startCoreWorker(), h);
    expect(await core.call('profiles:list', {})).toEqual({ ok: true, value: [] });
    expect(await core.call('secrets:status', {})).toEqual({ ok: true, value: { state: 'ready' } });
    expect(stopped).toEqual([]);
  });

  it('settles waiting and later calls with a message when the worker is killed, and says so once', async () => {
    const { h, stopped } = handlers();
    const worker = startCoreWorker();
    const core = bridgeToCore(worker, h);
    await core.call('profiles:list', {});
    const waiting = core.call('leads:query', { query: {} });
    await worker.terminate();
    const answer = await waiting;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.message).toMatch(/core stopped: it ended unexpectedly \(exit code 1\)\. Quit and start Lead Inbox again/);
    const later = await core.call('profiles:list', {});
    expect(!later.ok && later.error.message).toMatch(/core stopped/);
    expect(stopped).toHaveLength(1);
  });

  it('reports a SQLite driver that cannot load (wrong build for this machine) instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-bridge-driver-'));
    dirs.push(dir);
    const bogus = join(dir, 'better_sqlite3.node');
    writeFileSync(bogus, 'not a native module');
    const { h, stopped } = handlers();
    const core = bridgeToCore(startCoreWorker(bogus), h);
    const answer = await core.call('profiles:list', {});
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.message).toMatch(/core stopped: .*better_sqlite3\.node/);
    await expect.poll(() => stopped.length).toBe(1);
  });

  it('says nothing when it was asked to stop', async () => {
    const { h, stopped } = handlers();
    const worker = startCoreWorker();
    const core = bridgeToCore(worker, h);
    await core.call('profiles:list', {});
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    core.stop();
    await exited;
    expect(stopped).toEqual([]);
    const after = await core.call('profiles:list', {});
    expect(!after.ok && after.error.message).toMatch(/it was closed/);
  });
});
