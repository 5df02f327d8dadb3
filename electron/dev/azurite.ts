/**
 * Development tooling: Microsoft's Azure Storage emulator for tests, benchmarks and the demo. Azurite is a
 * development dependency, so this is never part of the packaged app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly tableEndpoint: string;
  readonly blobEndpoint: string;
  readonly connectionString: string;
  readonly pid: number;
  readonly ports: AzuritePorts;
  stop(): Promise<void>;
}

export interface AzuritePorts {
  readonly table: number;
  readonly blob: number;
  readonly queue: number;
}

export interface AzuriteOptions {
  /** The development account's key instead of the well-known one: a restart with another is a rotated key. */
  readonly accountKey?: string;
  /** Listen where an earlier instance did (free ports by default). */
  readonly ports?: AzuritePorts;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Azurite did not listen on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts Microsoft's Azure Storage emulator on loopback with free ports, running its node entry directly
 * so that stopping it by PID really stops it (an `npx` wrapper would leave it running).
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const require = createRequire(import.meta.url);
  const entry = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const { table: tablePort, blob: blobPort, queue: queuePort } = options.ports ?? { table: await freePort(), blob: await freePort(), queue: await freePort() };
  const key = options.accountKey ?? DEV_KEY;
  const workDir = mkdtempSync(join(tmpdir(), 'lead-inbox-azurite-'));
  const child = spawn(
    process.execPath,
    [
      entry,
      '--silent',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--inMemoryPersistence',
      '--tableHost', '127.0.0.1', '--tablePort', String(tablePort),
      '--blobHost', '127.0.0.1', '--blobPort', String(blobPort),
      '--queueHost', '127.0.0.1', '--queuePort', String(queuePort),
    ],
    // Its working folder is a temporary one, so nothing it might write lands in the repository.
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: workDir,
      env: options.accountKey ? { ...process.env, AZURITE_ACCOUNTS: `${DEV_ACCOUNT}:${key}` } : process.env,
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await Promise.all([waitForPort(tablePort, child), waitForPort(blobPort, child)]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const tableEndpoint = `http://127.0.0.1:${tablePort}/${DEV_ACCOUNT}`;
  const blobEndpoint = `http://127.0.0.1:${blobPort}/${DEV_ACCOUNT}`;
  return {
    tableEndpoint,
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${key};TableEndpoint=${tableEndpoint};BlobEndpoint=${blobEndpoint};`,
    pid: child.pid!,
    ports: { table: tablePort, blob: blobPort, queue: queuePort },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
