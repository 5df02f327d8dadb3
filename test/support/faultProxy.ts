import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Random } from '../../electron/core/sample';

export interface CannedResponse {
  readonly status: number;
  readonly errorCode: string;
  readonly message: string;
}

export interface FaultOptions {
  /** Share of requests whose connection is cut before any answer. */
  readonly dropRate?: number;
  /** Share of requests answered 500/503 with the service's error body. */
  readonly errorRate?: number;
  /** Extra latency added to every request, up to this many ms. */
  readonly maxLatencyMs?: number;
  /** When set, every request gets this answer instead of reaching the target. */
  readonly canned?: CannedResponse;
  readonly seed?: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly stats: { requests: number; dropped: number; errors: number; forwarded: number };
  setOptions(options: FaultOptions): void;
  close(): Promise<void>;
}

/** The Table service's JSON error body, as Azure sends it (with x-ms-error-code). */
function sendServiceError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({
    'odata.error': { code, message: { lang: 'en-US', value: `${message}\nRequestId:00000000-0000-0000-0000-000000000000\nTime:${new Date().toISOString()}` } },
  });
  res.writeHead(status, {
    'content-type': 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8',
    'x-ms-error-code': code,
    'x-ms-request-id': '00000000-0000-0000-0000-000000000000',
    date: new Date().toUTCString(),
  });
  res.end(body);
}

/**
 * An HTTP proxy on 127.0.0.1 in front of Azurite that drops connections, answers 500/503 and adds latency
 * on a share of requests, or answers every request with a canned service error.
 */
export async function startFaultProxy(target: string, initial: FaultOptions = {}): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  let options = initial;
  let random = new Random(initial.seed ?? 1);
  const stats = { requests: 0, dropped: 0, errors: 0, forwarded: 0 };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    stats.forwarded++;
  };

  const server: Server = createServer((req, res) => {
    stats.requests++;
    const delay = options.maxLatencyMs ? random.int(options.maxLatencyMs) : 0;
    setTimeout(() => {
      if (options.canned) {
        req.resume();
        return sendServiceError(res, options.canned.status, options.canned.errorCode, options.canned.message);
      }
      const roll = random.next();
      if (roll < (options.dropRate ?? 0)) {
        stats.dropped++;
        req.socket.destroy();
        return;
      }
      if (roll < (options.dropRate ?? 0) + (options.errorRate ?? 0)) {
        stats.errors++;
        req.resume();
        return random.chance(0.5)
          ? sendServiceError(res, 503, 'ServerBusy', 'The server is busy.')
          : sendServiceError(res, 500, 'InternalError', 'The server encountered an internal error. Please retry the request.');
      }
      forward(req, res);
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname.replace(/\/$/, '')}`,
    stats,
    setOptions(next) {
      options = next;
      random = new Random(next.seed ?? 1);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
