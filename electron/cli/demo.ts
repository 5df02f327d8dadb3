import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount } from '../core/formatCount';
import { generateSampleEntities } from '../core/sample';
import { KeyFileCipher } from '../core/secrets';
import { openService } from '../core/service';
import { startAzurite } from '../dev/azurite';
import { seedTable } from '../dev/seed';
import { startBrowserMode, type BrowserMode } from './browserMode';

export interface DemoOptions {
  readonly count: number;
  readonly port?: number;
  readonly rendererDir?: string;
}

export interface Demo {
  readonly url: string;
  readonly mode: BrowserMode;
  stop(): Promise<void>;
}

/**
 * The whole product on sample data, with nothing to set up: Microsoft's storage emulator on loopback,
 * a MarketplaceLeads table filled the way the marketplace fills it, a destination, a first sync, and the
 * inbox in browser mode. Everything lives in a temporary folder that stop() removes.
 */
export async function startDemo(options: DemoOptions, log: (line: string) => void = console.error): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-demo-'));
  const azurite = await startAzurite();
  let mode: BrowserMode | undefined;
  const service = openService(join(dir, 'demo.db'), { cipher: new KeyFileCipher(join(dir, 'demo.key')) });
  const stop = async () => {
    await mode?.close();
    service.close();
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    log(`Azurite (Azure Storage emulator) is running on ${new URL(azurite.tableEndpoint).host}.`);
    const written = await seedTable(azurite.connectionString, 'MarketplaceLeads', generateSampleEntities({ count: options.count, seed: 2026 }));
    log(`Filled its MarketplaceLeads table with ${formatCount(written)} sample leads.`);
    mode = await startBrowserMode(service, { port: options.port, rendererDir: options.rendererDir });
    const added = await mode.service.addProfile({ kind: 'table', connectionString: azurite.connectionString, name: 'Demo storage account (Azurite)' });
    if (!added.profile) throw new Error(`The demo destination failed its check: ${added.diagnosis.ok ? '' : added.diagnosis.problem.message}`);
    const result = await mode.service.syncProfile(added.profile.id);
    log(`First sync: ${formatCount(result.inserted)} leads in ${result.seconds.toFixed(1)} s.`);
    return { url: mode.server.url, mode, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
