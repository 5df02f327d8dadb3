// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassphraseSecrets, SecretStore } from '../../electron/core/secrets';
import { LeadInboxService, type ServiceEvent } from '../../electron/core/service';
import { openArchive, type Archive } from '../../electron/core/store';
import type { AddDestination as AddDestinationType } from '../../renderer/components/Destinations';
import { windowApiFor } from '../helpers/windowApi';

let dir: string;
let archive: Archive;
let AddDestination: typeof AddDestinationType;

/** The desktop app on Linux without a keyring: credentials wait for a passphrase. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lead-inbox-credentials-'));
  archive = openArchive(join(dir, 'leads.db'));
  const secrets = new PassphraseSecrets(join(dir, 'credentials.passphrase.json'), 'No keyring answered; start with --password-store=gnome-libsecret, or use a passphrase.', { N: 1024, r: 8, p: 1 });
  const service = new LeadInboxService(archive, new SecretStore(archive, secrets.cipher), undefined, { secrets, leadIndex: false });
  window.leadInbox = windowApiFor(service, { listeners: new Set<(event: ServiceEvent) => void>() }, (name) => join(dir, name));
  AddDestination = (await import('../../renderer/components/Destinations')).AddDestination;
});
afterAll(() => {
  cleanup();
  archive.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('adding a destination where no keychain protects credentials', () => {
  it('says so before the form is filled, asks for a passphrase, and only then lets the user add', async () => {
    render(<AddDestination onAdded={() => undefined} />);
    const region = await screen.findByRole('region', { name: 'Credential protection' });
    expect(region.textContent).toMatch(/--password-store=gnome-libsecret/);
    const submit = screen.getByRole('button', { name: 'Test connection and add' });
    expect(submit).toHaveProperty('disabled', true);

    fireEvent.change(screen.getByLabelText(/Choose a passphrase/), { target: { value: 'correct horse battery' } });
    fireEvent.change(screen.getByLabelText('Again'), { target: { value: 'correct horse batteries' } });
    fireEvent.click(screen.getByRole('button', { name: 'Protect credentials' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two passphrases differ.');

    fireEvent.change(screen.getByLabelText('Again'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Protect credentials' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Credential protection' })).toBeNull());
    expect(submit).toHaveProperty('disabled', false);
  });
});
