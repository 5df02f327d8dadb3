import { describe, expect, it } from 'vitest';
import { destinationHealth, type HealthInput } from '../../electron/core/destinationHealth';
import { problem } from '../../electron/core/azure/problems';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const healthy: HealthInput = {
  sasExpiresOn: null,
  newestLeadAt: '2026-11-30T08:00:00Z',
  newestTestLeadAt: '2026-10-01T08:00:00Z',
  addedAt: '2025-01-01T00:00:00Z',
  quietDays: 30,
  offerChangedAt: null,
  failures: 0,
  lastProblem: null,
};
const codes = (input: Partial<HealthInput>) => destinationHealth({ ...healthy, ...input }, NOW).map((warning) => warning.code);

describe('destination health', () => {
  it('says nothing about a destination that is well', () => {
    expect(destinationHealth(healthy, NOW)).toEqual([]);
  });

  it('warns 14 days before a SAS expires, counting the days, and calls an expired one a problem', () => {
    expect(codes({ sasExpiresOn: '2026-12-30T00:00:00Z' })).toEqual([]);
    const [soon] = destinationHealth({ ...healthy, sasExpiresOn: '2026-12-12T00:00:00Z' }, NOW);
    expect(soon).toMatchObject({ code: 'sas-expiring', severity: 'warning', message: 'The SAS expires on 2026-12-12, in 10 days.' });
    expect(soon!.fix).toMatch(/Read and List.*update this destination/);
    expect(destinationHealth({ ...healthy, sasExpiresOn: '2026-12-03T06:00:00Z' }, NOW)[0]!.message).toMatch(/in 1 day\.$/);
    expect(destinationHealth({ ...healthy, sasExpiresOn: '2026-12-01T00:00:00Z' }, NOW)[0]).toMatchObject({ code: 'sas-expired', severity: 'problem' });
  });

  it('warns when no lead, test leads included, has arrived for the days the user set, pointing to Validate', () => {
    expect(codes({ newestLeadAt: '2026-11-03T12:00:01Z' })).toEqual([]);
    const [quiet] = destinationHealth({ ...healthy, newestLeadAt: '2026-10-20T12:00:00Z' }, NOW);
    expect(quiet).toMatchObject({ code: 'no-recent-leads', message: 'No lead, not even a test lead, has arrived for 43 days (the last on 2026-10-20).' });
    expect(quiet!.fix).toMatch(/Partner Center.*Validate/);
    expect(codes({ newestLeadAt: '2026-10-20T12:00:00Z', quietDays: 60 })).toEqual([]);
    expect(codes({ newestLeadAt: '2020-01-01T00:00:00Z', quietDays: 0 })).toEqual([]);
  });

  it('counts a destination with no lead yet from the day it was added', () => {
    expect(codes({ newestLeadAt: null, addedAt: '2026-11-25T00:00:00Z' })).toEqual([]);
    expect(destinationHealth({ ...healthy, newestLeadAt: null, addedAt: '2026-10-01T00:00:00Z' }, NOW)[0]!.message).toBe('No lead has arrived since this destination was added 62 days ago.');
  });

  it('calls three failed syncs in a row a problem, with the classified cause and its fix', () => {
    const refused = problem('wrong-key', 'Azure Storage rejected the account key.', 'Copy key1 again.');
    expect(codes({ failures: 2, lastProblem: refused })).toEqual([]);
    expect(destinationHealth({ ...healthy, failures: 3, lastProblem: refused }, NOW)[0]).toEqual({
      code: 'syncs-failing',
      severity: 'problem',
      message: 'The last 3 syncs failed: Azure Storage rejected the account key.',
      fix: 'Copy key1 again.',
    });
  });

  it('warns when the newest test lead is older than the offer change the user entered', () => {
    expect(codes({ offerChangedAt: '2026-09-01T00:00:00Z' })).toEqual([]);
    expect(destinationHealth({ ...healthy, offerChangedAt: '2026-11-15T00:00:00Z' }, NOW)[0]!.message).toBe(
      'The offer changed on 2026-11-15; the latest test lead is older (2026-10-01), so delivery has not been checked since.',
    );
    expect(codes({ offerChangedAt: '2026-11-15T00:00:00Z', newestTestLeadAt: null })).toEqual(['delivery-unchecked']);
  });

  it('lists problems before warnings', () => {
    const refused = problem('firewall', 'Blocked by the firewall.', 'Allow this IP.');
    expect(codes({ sasExpiresOn: '2026-12-10T00:00:00Z', newestLeadAt: '2026-01-01T00:00:00Z', failures: 5, lastProblem: refused })).toEqual([
      'syncs-failing',
      'sas-expiring',
      'no-recent-leads',
    ]);
  });
});
