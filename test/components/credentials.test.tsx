// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassphraseSecrets } from '../../electron/core/secrets';
import { serveWindow } from '../helpers/componentService';


/** The desktop app on Linux without a keyring: credentials wait for a passphrase. */
serveWindow('credentials', (dir) => {
  const secrets = new PassphraseSecrets(join(dir, 'credentials.passphrase.json'), 'No keyring answered; start with --password-store=gnome-libsecret, or use a passphrase.', { N: 1024, r: 8, p: 1 });
  return { cipher: secrets.cipher, secrets };
});
const { AddDestination } = await import('../../renderer/components/Destinations');

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
