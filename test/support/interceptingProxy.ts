import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';

/**
 * A certificate authority of the test's own and a server certificate it signed (openssl), for 127.0.0.1
 * and for localhost: through a proxy, Node checks an IP address target under the name "localhost" (no SNI
 * is sent for an IP), where a real storage account's host name is checked as itself.
 */
export interface TestCa {
  readonly caFile: string;
  readonly caPem: string;
  readonly key: string;
  readonly cert: string;
}

export function makeTestCa(dir: string): TestCa {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Lead Inbox test inspection CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('leaf.key'), '-out', file('leaf.csr'));
  writeFileSync(file('leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file('leaf.ext'), '-out', file('leaf.pem'));
  return { caFile: file('ca.pem'), caPem: readFileSync(file('ca.pem'), 'utf8'), key: readFileSync(file('leaf.key'), 'utf8'), cert: readFileSync(file('leaf.pem'), 'utf8') };
}

export interface InterceptingProxy {
  readonly url: string;
  /** The CONNECT targets asked for, in order. */
  readonly connects: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy that inspects HTTPS as company networks do (Zscaler and its kind): it answers CONNECT, then
 * speaks TLS to the client with a certificate its own CA signed, and forwards the decrypted requests to
 * `upstreamPort` on 127.0.0.1 (Azurite, plain http). Listens on 127.0.0.1, on a port the system picks.
 */
export async function startInterceptingProxy(ca: TestCa, upstreamPort: number): Promise<InterceptingProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    client.once('data', (head) => {
      const line = head.toString('latin1').split('\r\n')[0] ?? '';
      const target = /^CONNECT (\S+) HTTP\/1\.[01]$/.exec(line)?.[1];
      if (!target) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      connects.push(target);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
        const tls = new TLSSocket(client, { isServer: true, key: ca.key, cert: ca.cert });
        tls.on('error', () => client.destroy());
        const upstream = connect(upstreamPort, '127.0.0.1');
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => tls.destroy());
        tls.pipe(upstream).pipe(tls);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
