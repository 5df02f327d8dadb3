import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import { EVENTS_CHANNEL, MAX_UPLOAD_CHARS, TOKEN_HEADER } from '../apiChannels';
import type { ServiceEvent } from '../core/service';
import { isChannel, type Dispatch, type SaveFormat } from '../dispatch';

const MAX_BODY = 1 << 20;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface BrowserServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Sends a core event to every open window. */
  publish(event: ServiceEvent): void;
  close(): Promise<void>;
}

export interface BrowserServerOptions {
  /** The built renderer (index.html and its assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Where exports are written for download (the caller owns and removes it). */
  readonly exportDir: string;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * Bytes a call's body may hold: 1 MB, except lead files sent for import (their text, JSON-escaped, at up to
 * three UTF-8 bytes a character).
 */
function bodyLimit(channel: string): number {
  return channel === 'imports:add' ? 3 * MAX_UPLOAD_CHARS + MAX_BODY : MAX_BODY;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  // Past the limit the rest is read and dropped, so the client gets its 413 instead of a reset connection.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}

/**
 * Browser mode: the built renderer and the same API as the desktop app, over HTTP on 127.0.0.1 only.
 * Every request must carry the random token from the printed URL; a foreign Host header (DNS rebinding)
 * or Origin (another site in the same browser) is refused, and payloads are validated like IPC ones.
 */
export async function startBrowserServer(dispatch: Dispatch, options: BrowserServerOptions): Promise<BrowserServer> {
  const token = randomBytes(24).toString('base64url');
  const { exportDir } = options;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const hostAllowed = (req: IncomingMessage) => allowedHosts().has(req.headers.host ?? '');
  const originAllowed = (req: IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || [...allowedHosts()].some((host) => origin === `http://${host}`);
  };

  const indexHtml = () => {
    const file = join(options.rendererDir, 'index.html');
    if (!existsSync(file)) return null;
    // The page learns its token from here, not from script-readable storage shared with other sites.
    return readFileSync(file, 'utf8').replace('<head>', `<head>\n    <meta name="lead-inbox-token" content="${token}" />`);
  };

  const serveStatic = (res: ServerResponse, pathname: string) => {
    const root = resolve(options.rendererDir);
    const file = resolve(root, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'Not found.');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
    createReadStream(file).pipe(res);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req)) return send(res, 403, 'Refused: Lead Inbox only answers on 127.0.0.1.');
      if (!originAllowed(req)) return send(res, 403, 'Refused: the request came from another site.');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const headerToken = req.headers[TOKEN_HEADER];
      const tokenOk = sameToken(typeof headerToken === 'string' ? headerToken : url.searchParams.get('token'), token);

      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        if (!tokenOk) return send(res, 401, 'Refused: missing or wrong token. Open the URL that `lead-inbox serve` printed.');
        const channel = url.pathname.slice('/api/'.length);
        if (!isChannel(channel)) return send(res, 404, 'No such call.');
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send JSON.');
        const body = await readBody(req, bodyLimit(channel));
        if (body === null) return send(res, 413, 'Request too large.');
        let payload: unknown;
        try {
          payload = JSON.parse(body || '{}');
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { kind: 'invalid-request', message: 'The body is not JSON.' } }), 'application/json');
        }
        const result = await dispatch(channel, payload);
        return send(res, result.ok ? 200 : result.error.kind === 'invalid-request' ? 400 : 422, JSON.stringify(result), 'application/json');
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed.');
      if (url.pathname === `/api/${EVENTS_CHANNEL}`) {
        if (!tokenOk) return send(res, 401, 'Refused: missing or wrong token.');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname.startsWith('/download/')) {
        if (!tokenOk) return send(res, 401, 'Refused: missing or wrong token.');
        const name = basename(decodeURIComponent(url.pathname.slice('/download/'.length)));
        const file = join(exportDir, name);
        if (!existsSync(file)) return send(res, 404, 'No such export.');
        // The browser saves it under the name the user would have chosen, without the folder's time prefix.
        const saveAs = name.replace(/^\d+-/, '');
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${saveAs}"` });
        createReadStream(file).pipe(res);
        return;
      }
      if (url.pathname === '/' || url.pathname === '/index.html') {
        if (!tokenOk) return send(res, 401, 'This is Lead Inbox. Open the full URL that `lead-inbox serve` printed (it carries a token).');
        const html = indexHtml();
        return html ? send(res, 200, html, 'text/html; charset=utf-8') : send(res, 500, 'The window is not built yet: run `npm run build`.');
      }
      return serveStatic(res, url.pathname);
    })().catch((error: unknown) => {
      console.error('lead-inbox serve:', error);
      if (!res.headersSent) send(res, 500, 'Internal error.');
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as { port: number }).port;
  const keepAlive = setInterval(() => streams.forEach((res) => res.write(': keep-alive\n\n')), 15_000);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    publish(event) {
      const data = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      streams.forEach((res) => res.write(data));
    },
    async close() {
      clearInterval(keepAlive);
      streams.forEach((res) => res.end());
      streams.clear();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}

/** Exports in browser mode land in the server's folder and are fetched through /download. */
export function browserDoor(exportDir: string, token: () => string) {
  return {
    chooseExportFile: (_format: SaveFormat, suggestedName: string) => Promise.resolve(join(exportDir, `${Date.now()}-${basename(suggestedName)}`)),
    downloadUrlFor: (file: string) => `/download/${encodeURIComponent(basename(file))}?token=${token()}`,
  };
}
