import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFileCipher, SecretStore } from '../../electron/core/secrets';
import { LeadInboxService, type ServiceEvent } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import { sampleLeads } from '../helpers/leads';
import { windowApiFor } from '../helpers/windowApi';

export interface WindowCore {
  readonly archive: Archive;
  readonly service: LeadInboxService;
  readonly dir: string;
  close(): void;
}

/**
 * A real archive and service behind `window.leadInbox`, installed before the window's code is imported
 * (the window picks its API when it loads).
 */
export function installWindowCore(leads = 300): WindowCore {
  const dir = mkdtempSync(join(tmpdir(), 'lead-inbox-components-'));
  const archive = openArchive(join(dir, 'leads.db'));
  archive.upsertLeads(sampleLeads(leads, 91));
  const events = { listeners: new Set<(event: ServiceEvent) => void>() };
  const service = new LeadInboxService(archive, new SecretStore(archive, new KeyFileCipher(join(dir, 'k.key'))), (event) => events.listeners.forEach((fn) => fn(event)));
  window.leadInbox = windowApiFor(service, events, (name) => join(dir, name));
  return {
    archive,
    service,
    dir,
    close() {
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
