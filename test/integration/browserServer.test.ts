import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../electron/cli/browserMode';
import { KeyFileCipher, SecretStore } from '../../electron/core/secrets';
import { LeadInboxService } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import { Random } from '../../electron/core/sample/random';
import { sampleLeads } from '../helpers/leads';

let dir: string;
let archive: Archive;
let mode: BrowserMode;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-serve-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><title>Lead Inbox</title></head><body>inbox</body></html>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  archive = openArchive(join(dir, 'leads.db'));
  archive.upsertLeads(sampleLeads(400, 81));
  mode = await startBrowserMode(new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, 'k.key')))), { rendererDir: renderer });
  base = `http://127.0.0.1:${mode.server.port}`;
});
afterAll(async () => {
  await mode?.close();
  archive?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request, so tests can send the headers a browser or an attacker would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (channel: string, payload: unknown, headers: Record<string, string> = {}) =>
  send(`/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lead-inbox-token': mode.server.token, ...headers }, body: JSON.stringify(payload) });

describe('browser mode server', () => {
  it('listens on 127.0.0.1 with a long random token in its URL', () => {
    expect(mode.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the window only with the token, and hands the page its token', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/?token=wrong')).status).toBe(401);
    const page = await send(`/?token=${mode.server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="lead-inbox-token" content="${mode.server.token}" />`);
    expect((await send('/assets/app.js')).body).toContain('console.log');
    expect((await send('/../secret.txt')).status).toBe(404);
    expect((await send('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('answers API calls with the token, and refuses them without it', async () => {
    const ok = await api('leads:query', { query: { test: 'all' }, window: { offset: 0, limit: 5 } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { total: 400 } });
    expect((await api('leads:query', {}, { 'x-lead-inbox-token': 'nope' })).status).toBe(401);
    expect((await send('/api/leads:query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) or Origin (another site), and other verbs and types', async () => {
    expect((await api('profiles:list', {}, { host: 'evil.example' })).status).toBe(403);
    expect((await api('profiles:list', {}, { host: `attacker.example:${mode.server.port}` })).status).toBe(403);
    expect((await api('profiles:list', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('profiles:list', {}, { origin: `http://localhost:${mode.server.port}` })).status).toBe(200);
    expect((await api('profiles:list', {}, { host: `localhost:${mode.server.port}` })).status).toBe(200);
    expect((await send(`/api/profiles:list?token=${mode.server.token}`, { method: 'PUT' })).status).toBe(405);
    expect((await api('profiles:list', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await api('no:such', {})).status).toBe(404);
  });

  it('rejects fuzzed payloads with 400 and stays up', async () => {
    const random = new Random(9);
    for (let i = 0; i < 150; i++) {
      const junk = random.pick([
        '{', 'null', '[]', '"x"', '{"query":5}', '{"query":{"sort":{"column":"raw_json"}}}', '{"window":{"limit":-1},"query":{}}',
        JSON.stringify({ query: { text: 'a'.repeat(600) } }), '{"__proto__":{"admin":true}}', JSON.stringify({ query: {}, extra: i }),
      ]);
      const res = await send('/api/leads:query', { method: 'POST', headers: { 'content-type': 'application/json', 'x-lead-inbox-token': mode.server.token }, body: junk });
      expect(res.status, junk).toBe(400);
    }
    const big = await send('/api/leads:query', { method: 'POST', headers: { 'content-type': 'application/json', 'x-lead-inbox-token': mode.server.token }, body: 'x'.repeat(2 << 20) });
    expect(big.status).toBe(413);
    expect((await api('leads:query', { query: {} })).status).toBe(200);
  });

  it('pushes core events to open windows', async () => {
    const events: string[] = [];
    const stream = await new Promise<IncomingMessage>((resolve) => request(`${base}/api/events?token=${mode.server.token}`, resolve).end());
    stream.on('data', (chunk: Buffer) => events.push(chunk.toString()));
    expect((await api('leads:triage', { target: { ids: [1, 2, 3] }, patch: { status: 'qualified' } })).status).toBe(200);
    // Waits for the event itself, not for a guess at how long it takes.
    await expect.poll(() => events.join(''), { timeout: 5000 }).toMatch(/event: leads:changed\ndata: \{"type":"leads:changed","reason":"triage"\}/);
    stream.destroy();
    expect((await send('/api/events')).status).toBe(401);
  });

  it('exports the current view and serves it for download with the token', async () => {
    const res = await api('export:start', { exportId: 'x1', query: { actions: ['PLT'] }, format: 'csv' });
    const outcome = JSON.parse(res.body) as { ok: boolean; value: { rows: number; downloadUrls: string[] } };
    expect(outcome).toMatchObject({ ok: true, value: { cancelled: false } });
    expect(outcome.value.rows).toBeGreaterThan(0);
    const file = await send(outcome.value.downloadUrls[0]!);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(file.body.split('\r\n').filter(Boolean)).toHaveLength(outcome.value.rows + 1);
    expect((await send(outcome.value.downloadUrls[0]!.replace(/token=.*/, 'token=bad'))).status).toBe(401);
  });

  it('serves each numbered file of a hand-off split at its limit, under the name the user would have chosen', async () => {
    const long = 'Long description. '.repeat(140);
    archive.upsertLeads(sampleLeads(5000, 82).map((lead) => ({ ...lead, description: long, isTest: false, doNotContact: false, piiWithheld: false })));
    const res = await api('export:start', { exportId: 'x2', query: { test: 'all' }, format: 'csv', handOff: { target: 'dynamics' } });
    const outcome = JSON.parse(res.body) as { ok: boolean; value: { files: string[]; downloadUrls: string[] } };
    expect(outcome.ok).toBe(true);
    expect(outcome.value.downloadUrls.length).toBeGreaterThan(1);
    expect(outcome.value.downloadUrls).toHaveLength(outcome.value.files.length);
    for (const [i, url] of outcome.value.downloadUrls.entries()) {
      const file = await send(url);
      expect(file.status).toBe(200);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="leads-${new Date().toISOString().slice(0, 10)}-dynamics-${i + 1}.csv"`);
      expect(file.body.startsWith('\uFEFFTopic,First Name,Last Name,Company Name,')).toBe(true);
    }
    expect((JSON.parse((await api('export:start', { exportId: 'x3', query: {}, format: 'xlsx', handOff: { target: 'hubspot' } })).body) as { error: { message: string } }).error.message).toMatch(/format: A CRM hand-off is a CSV file/);
  });
});

describe('browser mode uploads', () => {
  it('imports lead files larger than an ordinary call may be, and still refuses what is over the upload limit', async () => {
    const line = (i: number) => JSON.stringify({ userDetails: { firstName: 'Up', lastName: `Load ${i}`, email: `upload${i}@contoso.com`, company: 'Contoso' }, leadSource: 'SPZA-PLT|contoso.app', actionCode: 'PLT', description: 'ü'.repeat(200) });
    const text = Array.from({ length: 4000 }, (_, i) => line(i)).join('\n');
    expect(Buffer.byteLength(JSON.stringify({ files: [{ name: 'flow.jsonl', text }] }))).toBeGreaterThan(2 * 1024 * 1024);
    const imported = await api('imports:add', { files: [{ name: 'flow.jsonl', text, modifiedAt: '2026-03-04T05:06:07.000Z' }] });
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true, value: { inserted: 4000, total: 4000 } });
    const listed = JSON.parse((await api('imports:list', {})).body) as { value: { leads: number; files: { name: string }[] } };
    expect(listed.value).toMatchObject({ leads: 4000, files: [{ name: 'flow.jsonl' }] });
    // Payloads carry no time: the file's own (as the browser read it) stands in.
    expect(archive.db.prepare("SELECT DISTINCT received_at FROM leads WHERE email LIKE 'upload%'").pluck().all()).toEqual(['2026-03-04T05:06:07.000Z']);

    // Any other call keeps the 1 MB limit.
    expect((await api('leads:query', { query: { text: 'x'.repeat(2 * 1024 * 1024) } })).status).toBe(413);
    const tooMuch = await api('imports:add', { files: [{ name: 'a.jsonl', text: 'x'.repeat(20 * 1024 * 1024) }, { name: 'b.jsonl', text: 'x'.repeat(20 * 1024 * 1024) }] });
    expect(JSON.parse(tooMuch.body)).toMatchObject({ ok: false, error: { kind: 'invalid-request', message: expect.stringMatching(/at most 32 MB of lead files at a time/) } });
  });
});
