import { describe, expect, it } from 'vitest';
import { nextSyncAt, waitMinutes } from '../../electron/core/sync/schedule';

const OPENED = Date.parse('2026-12-02T09:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('background sync schedule', () => {
  it('syncs every destination when the app opens, whenever it last synced', () => {
    expect(nextSyncAt({ everyMinutes: 15, lastAttemptAt: null, failures: 0 }, OPENED)).toBe(OPENED);
    expect(nextSyncAt({ everyMinutes: 15, lastAttemptAt: '2026-12-01T23:59:00Z', failures: 0 }, OPENED)).toBe(OPENED);
    expect(nextSyncAt({ everyMinutes: 60, lastAttemptAt: '2026-12-02T08:59:59Z', failures: 4 }, OPENED)).toBe(OPENED);
  });

  it('then waits the interval after a success', () => {
    expect(nextSyncAt({ everyMinutes: 15, lastAttemptAt: '2026-12-02T09:00:10Z', failures: 0 }, OPENED)).toBe(at('2026-12-02T09:15:10Z'));
    expect(nextSyncAt({ everyMinutes: 5, lastAttemptAt: '2026-12-02T10:00:00Z', failures: 0 }, OPENED)).toBe(at('2026-12-02T10:05:00Z'));
  });

  it('never syncs by itself when set to off', () => {
    expect(nextSyncAt({ everyMinutes: 0, lastAttemptAt: null, failures: 0 }, OPENED)).toBeNull();
    expect(nextSyncAt({ everyMinutes: 0, lastAttemptAt: '2026-12-02T10:00:00Z', failures: 3 }, OPENED)).toBeNull();
  });

  it('backs off a failing destination, doubling the wait each time, up to six hours', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((failures) => waitMinutes(15, failures))).toEqual([15, 30, 60, 120, 240, 360, 360]);
    expect([1, 2, 3, 7].map((failures) => waitMinutes(5, failures))).toEqual([10, 20, 40, 360]);
    expect(nextSyncAt({ everyMinutes: 15, lastAttemptAt: '2026-12-02T10:00:00Z', failures: 2 }, OPENED)).toBe(at('2026-12-02T11:00:00Z'));
  });

  it('never waits longer than six hours, or than the interval when that is longer, and survives huge failure counts', () => {
    expect(waitMinutes(60, 1_000_000)).toBe(360);
    expect(waitMinutes(600, 3)).toBe(600);
    expect(waitMinutes(0.05, 2)).toBeCloseTo(0.2);
  });

  it('takes an unreadable last time as never tried', () => {
    expect(nextSyncAt({ everyMinutes: 15, lastAttemptAt: 'not a time', failures: 0 }, OPENED)).toBe(OPENED);
  });
});
