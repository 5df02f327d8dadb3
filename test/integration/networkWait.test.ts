import { describe, expect, it, vi } from 'vitest';
import { BackgroundSync, type ScheduledDestination } from '../../electron/core/backgroundSync';
import { DEV_ACCOUNT, DEV_KEY } from '../../electron/dev/azurite';
import { networkUpdate } from '../../electron/shell/networkState';
import { serviceWithLeads } from '../helpers/service';
import { useTempDir } from '../helpers/tmp';

const tempDir = useTempDir();
// A table endpoint on a loopback port where nothing listens: every attempt is "cannot reach", as offline.
const UNREACHABLE = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:1/${DEV_ACCOUNT};`;

async function syncProblem(sync: Promise<unknown>): Promise<string> {
  try {
    await sync;
    return 'synced';
  } catch (error) {
    return (error as { problem?: { code: string } }).problem?.code ?? 'no problem';
  }
}

describe('a sync while the network is away', () => {
  it('is "waiting for the network", not a failure: no failure counted, no back-off; online again it counts', async () => {
    const { service, events, archive } = serviceWithLeads(tempDir(), 10);
    try {
      const { id } = service.useDestination({ kind: 'table', connectionString: UNREACHABLE }, { keepSecret: false });
      const failures = () => service.listProfiles().find((p) => p.id === id)!.schedule.failures;

      service.networkChanged({ online: false });
      expect(await syncProblem(service.syncProfile(id))).toBe('waiting-for-network');
      expect(failures()).toBe(0);
      expect(events.filter((e) => e.type === 'sync:failed').at(-1)).toMatchObject({ problem: { code: 'waiting-for-network', message: 'Waiting for the network: this computer is offline.', detail: 'offline' } });

      service.networkChanged({ online: true });
      expect(await syncProblem(service.syncProfile(id))).toBe('offline');
      expect(failures()).toBe(1);

      // Just woken from sleep, online by Electron's word but the connection not back yet: not counted.
      service.networkChanged({ online: true, resumed: true });
      expect(await syncProblem(service.syncProfile(id))).toBe('waiting-for-network');
      expect(failures()).toBe(1);
      expect(events.filter((e) => e.type === 'sync:failed').at(-1)).toMatchObject({ problem: { message: expect.stringMatching(/just woken up/) } });
    } finally {
      service.close();
      archive.close();
    }
  }, 90_000);
});

describe('background sync and the network', () => {
  it('tries nothing while offline, and runs what fell due at once when the network is back', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-08T09:00:00Z') });
    try {
      const synced: string[] = [];
      let destination: ScheduledDestination = { id: 'a', everyMinutes: 15, lastAttemptAt: null, failures: 0, syncing: false };
      const scheduler = new BackgroundSync({
        scheduledDestinations: () => [destination],
        syncProfile: (id) => {
          synced.push(id);
          destination = { ...destination, lastAttemptAt: new Date().toISOString() };
          return Promise.resolve();
        },
        canSync: () => true,
      });
      scheduler.setOnline(false);
      scheduler.start();
      await vi.advanceTimersByTimeAsync(60 * 60_000);
      expect(synced).toEqual([]);
      scheduler.setOnline(true);
      await vi.advanceTimersByTimeAsync(10);
      expect(synced).toEqual(['a']);
      // Then on its schedule again.
      await vi.advanceTimersByTimeAsync(15 * 60_000 + 1_000);
      expect(synced).toEqual(['a', 'a']);
      scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('the main process tells the core of every change and every wake, nothing else', () => {
    expect(networkUpdate(null, true, false)).toEqual({ online: true, resumed: false });
    expect(networkUpdate(true, true, false)).toBeNull();
    expect(networkUpdate(true, false, false)).toEqual({ online: false, resumed: false });
    expect(networkUpdate(false, false, true)).toEqual({ online: false, resumed: true });
    expect(networkUpdate(true, true, true)).toEqual({ online: true, resumed: true });
  });
});
