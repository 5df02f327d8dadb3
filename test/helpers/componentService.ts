import { cleanup } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SecretStore, type SecretCipher, type SecretsGuard } from '../../electron/core/secrets';
import { LeadInboxService, type ServiceEvent } from '../../electron/core/service';
import { openArchive } from '../../electron/core/store';
import { windowApiFor } from './windowApi';

/**
 * A real service over a new archive as the window's `window.leadInbox`, protecting credentials as `protect`
 * says; removed after the file's tests. Call it before importing a component: the window's API module
 * reads `window.leadInbox` when it loads.
 */
export function serveWindow(name: string, protect: (dir: string) => { cipher: SecretCipher; secrets: SecretsGuard }): void {
  const dir = mkdtempSync(join(tmpdir(), `lead-inbox-${name}-`));
  const archive = openArchive(join(dir, 'leads.db'));
  const { cipher, secrets } = protect(dir);
  const service = new LeadInboxService(archive, new SecretStore(archive, cipher), undefined, { secrets, leadIndex: false });
  window.leadInbox = windowApiFor(service, { listeners: new Set<(event: ServiceEvent) => void>() }, (file) => join(dir, file));
  afterAll(() => {
    cleanup();
    archive.close();
    rmSync(dir, { recursive: true, force: true });
  });
}
