// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretStore, UnavailableCipher } from '../../electron/core/secrets';
import { LeadInboxService, type ServiceEvent } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import type { AddDestination as AddDestinationType } from '../../renderer/components/Destinations';
import { windowApiFor } from '../helpers/windowApi';

let dir: string;
let archive: Archive;
let AddDestination: typeof AddDestinationType;
const REASON = 'The system keychain did not open the key that protects your saved credentials: it may be locked, or access was denied. Unlock it, then quit and start Lead Inbox again.';

/** The desktop app whose keychain is locked: the core starts with saved credentials waiting (coreWorker.ts). */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-keychain-'));
  archive = openArchive(join(dir, 'leads.db'));
  const secrets = { status: () => ({ state: 'unavailable' as const, reason: REASON }) };
  const service = new LeadInboxService(archive, new SecretStore(archive, new UnavailableCipher(REASON)), undefined, { secrets, leadIndex: false });
  window.leadInbox = windowApiFor(service, { listeners: new Set<(event: ServiceEvent) => void>() }, (name) => join(dir, name));
  AddDestination = (await import('../../renderer/components/Destinations')).AddDestination;
});
afterAll(() => {
  cleanup();
  archive.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adding a destination while the keychain is locked', () => {
  it('says why and how to go on, asks for no passphrase, and adds nothing until the keychain opens', async () => {
    render(<AddDestination onAdded={() => undefined} />);
    const region = await screen.findByRole('region', { name: 'Credential protection' });
    expect(region.textContent).toContain(REASON);
    expect(screen.queryByLabelText(/passphrase/i)).toBeNull();
    expect(screen.getByRole('button', { name: 'Test connection and add' })).toHaveProperty('disabled', true);
  });
});
