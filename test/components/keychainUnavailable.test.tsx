// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UnavailableCipher } from '../../electron/core/secrets';
import { serveWindow } from '../helpers/componentService';

const REASON = 'The system keychain did not open the key that protects your saved credentials: it may be locked, or access was denied. Unlock it, then quit and start Lead Inbox again.';

/** The desktop app whose keychain is locked: the core starts with saved credentials waiting (coreWorker.ts). */
serveWindow('keychain', () => ({ cipher: new UnavailableCipher(REASON), secrets: { status: () => ({ state: 'unavailable', reason: REASON }) } }));
const { AddDestination } = await import('../../renderer/components/Destinations');

describe('adding a destination while the keychain is locked', () => {
  it('says why and how to go on, asks for no passphrase, and adds nothing until the keychain opens', async () => {
    render(<AddDestination onAdded={() => undefined} />);
    const region = await screen.findByRole('region', { name: 'Credential protection' });
    expect(region.textContent).toContain(REASON);
    expect(screen.queryByLabelText(/passphrase/i)).toBeNull();
    expect(screen.getByRole('button', { name: 'Test connection and add' })).toHaveProperty('disabled', true);
  });
});
