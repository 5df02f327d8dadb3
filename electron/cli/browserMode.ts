import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeadInboxService } from '../core/service';
import { createDispatcher } from '../dispatch';
import { browserDoor, startBrowserServer, type BrowserServer } from '../server/httpServer';
import { builtPath } from '../core/builtPath';

export const RENDERER_DIR = builtPath('renderer');

export interface BrowserMode {
  readonly service: LeadInboxService;
  readonly server: BrowserServer;
  close(): Promise<void>;
}

/** The service, its dispatcher and the loopback server, wired together as `lead-inbox serve` runs them. */
export async function startBrowserMode(service: LeadInboxService, options: { port?: number; rendererDir?: string } = {}): Promise<BrowserMode> {
  const exportDir = mkdtempSync(join(tmpdir(), 'lead-inbox-exports-'));
  // The door builds download links with the server's token, which exists once the server does.
  const token = { value: '' };
  const dispatch = createDispatcher(service, browserDoor(exportDir, () => token.value));
  const started = await startBrowserServer(dispatch, { rendererDir: options.rendererDir ?? RENDERER_DIR, port: options.port, exportDir });
  token.value = started.token;
  const unsubscribe = service.subscribe((event) => started.publish(event));
  return {
    service,
    server: started,
    async close() {
      unsubscribe();
      service.close();
      await started.close();
      rmSync(exportDir, { recursive: true, force: true });
    },
  };
}

/** Opens a URL in the user's browser, the platform's own way. */
export function openInBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  spawn(command, args, { detached: true, stdio: 'ignore' }).on('error', () => console.error(`Could not open a browser; open ${url} yourself.`)).unref();
}
