import { describe, expect, it } from 'vitest';
import { formatCount } from '../../electron/core/formatCount';

describe('formatCount', () => {
  it('writes what en-US number formatting writes, for whole numbers of every length and sign', () => {
    const values = [0, 1, 12, 123, 999, 1000, 1001, 12345, 100000, 999999, 1000000, 1234567890, -1, -1000, -1234567, Number.MAX_SAFE_INTEGER];
    for (const value of values) expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
  });

  it('rounds fractions to the nearest whole number first (rates, averages)', () => {
    expect(formatCount(1234.4)).toBe('1,234');
    expect(formatCount(999.5)).toBe('1,000');
  });

  it('leaves what is not a finite number readable', () => {
    expect(formatCount(Number.NaN)).toBe('NaN');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
