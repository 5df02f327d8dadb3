import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS, type Channel } from '../../electron/api';
import { METHODS } from '../../electron/apiChannels';
import type { LeadInboxService } from '../../electron/core/service';
import type { Archive } from '../../electron/core/store';
import { startAzurite, type Azurite } from '../../electron/dev/azurite';
import { seedTable } from '../../electron/dev/seed';
import { generateSampleEntities } from '../../electron/core/sample';
import { createDispatcher } from '../../electron/dispatch';
import { registerIpcHandlers, type IpcEventLike, type IpcMainLike } from '../../electron/ipc';
import { trustedSender } from '../../electron/shell/trust';
import { Random } from '../../electron/core/sample/random';
import { serviceWithLeads } from '../helpers/service';

let azurite: Azurite;
let dir: string;
let archive: Archive;
let service: LeadInboxService;

/** Electron's ipcMain, reduced to what the channel table uses: handlers by channel, called like Electron does. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcEventLike, payload: unknown) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  invoke(channel: string, payload: unknown, url = 'app://lead-inbox/index.html') {
    return this.handlers.get(channel)!({ senderFrame: { url } }, payload);
  }
}

const ipc = new FakeIpcMain();

beforeAll(async () => {
  azurite = await startAzurite();
  await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: 300, seed: 5 }));
  // One folder for the whole file: every test reads the same archive.
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-ipc-'));
  ({ archive, service } = serviceWithLeads(dir));
  const dispatch = createDispatcher(service, { chooseExportFile: (_format, name) => Promise.resolve(join(dir, name)) });
  // The very predicate main.ts hands the IPC table.
  registerIpcHandlers(ipc, dispatch, trustedSender());
}, 60_000);
afterAll(async () => {
  archive?.close();
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PROFILE = 'table:devstoreaccount1/marketplaceleads';

/** One valid payload per channel, in an order where each can succeed. */
function validPayloads(): [Channel, unknown][] {
  return [
    ['profiles:add', { request: { kind: 'table', connectionString: azurite.connectionString } }],
    ['profiles:list', {}],
    ['profiles:test', { id: PROFILE }],
    ['sync:start', { id: PROFILE }],
    ['sync:cancel', { id: PROFILE }],
    ['leads:query', { query: { text: 'contoso', sort: { column: 'company', direction: 'asc' } }, window: { offset: 0, limit: 20 } }],
    ['leads:facets', { query: { actions: ['PLT'] } }],
    ['leads:detail', { id: 1 }],
    ['leads:weekly', { query: { test: 'all' }, by: 'offer' }],
    ['leads:triage', { target: { ids: [1, 2] }, patch: { status: 'contacted' } }],
    ['views:save', { definition: { name: 'Mine', query: { countries: ['DE'] } } }],
    ['views:list', {}],
    ['views:reorder', { ids: ['1'] }],
    ['views:delete', { id: '1' }],
    ['export:start', { exportId: 'e1', query: { test: 'all' }, format: 'csv' }],
    ['export:cancel', { exportId: 'e1' }],
    ['profiles:remove', { id: PROFILE }],
    ['sample:add', { count: 50 }],
    ['sample:status', {}],
    ['sample:remove', {}],
  ];
}

/** Payloads no schema can accept: wrong shapes, unknown keys, wrong types, hostile keys. */
function malformed(valid: unknown, random: Random): unknown[] {
  const out: unknown[] = [];
  const primitives = [42, -1, 'x', '', true, false, [], [1, 2], [{}], 1e308, 'profiles:list'];
  for (let i = 0; out.length < 200; i++) {
    const base = structuredClone(valid) as Record<string, unknown>;
    switch (i % 5) {
      case 0:
        out.push(primitives[i % primitives.length]);
        break;
      case 1:
        out.push({ ...base, [`unexpected${i}`]: random.next() });
        break;
      case 2:
        out.push(JSON.parse(`{"__proto__": {"polluted": ${i}}, "constructor": {"prototype": {"x": 1}}}`));
        break;
      case 3: {
        const keys = Object.keys(base);
        if (keys.length === 0) out.push({ extra: 'x'.repeat(1 + random.int(5000)) });
        else {
          const key = keys[random.int(keys.length)]!;
          const wrong = typeof base[key] === 'string' ? random.pick([7, null, [], { a: 1 }, true]) : random.pick(['7', 'x'.repeat(10_000), -3.5, [null]]);
          out.push({ ...base, [key]: wrong });
        }
        break;
      }
      case 4:
        out.push({ ...base, ...Object.fromEntries(Array.from({ length: 3 }, (_, k) => [`k${k}${i}`, { deep: [[[[i]]]] }])) });
        break;
    }
  }
  return out;
}

describe('IPC channel table against the real core', () => {
  it('registers exactly the contract\'s channels, each a named window function', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(REQUESTS).sort());
    expect(Object.values(METHODS).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  it('answers a valid call on every channel', async () => {
    for (const [channel, payload] of validPayloads()) {
      const result = (await ipc.invoke(channel, payload)) as { ok: boolean; error?: unknown; value?: unknown };
      expect(result, `${channel}: ${JSON.stringify(result.error)}`).toMatchObject({ ok: true });
      if (channel === 'profiles:add') expect(result.value).toMatchObject({ profile: { id: PROFILE }, diagnosis: { ok: true } });
      if (channel === 'sync:start') expect(result.value).toMatchObject({ inserted: 300, cancelled: false });
      if (channel === 'leads:query') expect((result.value as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
      if (channel === 'export:start') expect(result.value).toMatchObject({ rows: 800, format: 'csv' });
    }
  });

  it('rejects 200 malformed payloads on every channel with a validation error, and keeps working', async () => {
    const random = new Random(404);
    for (const [channel, valid] of validPayloads()) {
      for (const payload of malformed(valid, random)) {
        const result = (await ipc.invoke(channel, payload)) as { ok: boolean; error?: { kind: string } };
        expect(result, `${channel} accepted ${JSON.stringify(payload)?.slice(0, 200)}`).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      }
    }
    expect(await ipc.invoke('leads:query', { query: {} })).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses callers that are not the app\'s own pages', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'devtools://devtools', 'not a url']) {
      expect(await ipc.invoke('profiles:list', {}, url)).toMatchObject({ ok: false, error: { message: /did not come from a Lead Inbox window/ } });
    }
    expect(await ipc.handlers.get('profiles:list')!({ senderFrame: null }, {})).toMatchObject({ ok: false });
  });

  it('reports a destination problem as a classified failure, not a crash', async () => {
    const result = await ipc.invoke('profiles:add', { request: { kind: 'table', connectionString: 'AccountName=x;AccountKey=abc' } });
    expect(result).toMatchObject({ ok: true, value: { profile: null, diagnosis: { ok: false, problem: { code: 'malformed-connection-string' } } } });
    expect(await ipc.invoke('sync:start', { id: 'table:nobody/none' })).toMatchObject({ ok: false, error: { kind: 'failed', message: /no destination/i } });
  });
});
