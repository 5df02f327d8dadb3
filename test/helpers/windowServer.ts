import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startBrowserMode, type BrowserMode } from '../../electron/cli/browserMode';
import { KeyFileCipher, SecretStore } from '../../electron/core/secrets';
import { LeadInboxService } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import { launchChromium } from '../../electron/dev/chromium';

/** Where the end-to-end tests leave their screenshots (looked at, not compared). */
export const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');

/** The window as a user reaches it in browser mode: a service over a new archive, its server, and Chromium. */
export interface WindowServer {
  readonly dir: string;
  readonly archive: Archive;
  readonly mode: BrowserMode;
  readonly browser: Browser;
  /** A page at the usual window size; an error thrown in the page fails the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startWindowServer(name: string): Promise<WindowServer> {
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `lead-inbox-${name}-`));
  const archive = openArchive(join(dir, 'leads.db'));
  const mode = await startBrowserMode(new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, `${name}.key`)))));
  const browser = await launchChromium();
  return {
    dir,
    archive,
    mode,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', ...options });
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      return page;
    },
    async close() {
      await browser.close();
      await mode.close();
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
