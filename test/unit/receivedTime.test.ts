import { describe, expect, it } from 'vitest';
import { parseCreatedTime, receivedTime } from '../../electron/core/leads/receivedTime';

describe('parseCreatedTime', () => {
  it.each([
    ['2018-09-28T18:24:18Z', '2018-09-28T18:24:18.000Z'],
    ['2018-09-28T18:24:18.1234567Z', '2018-09-28T18:24:18.123Z'],
    ['2018-09-28T18:24:18', '2018-09-28T18:24:18.000Z'],
    ['2018-09-28 18:24:18', '2018-09-28T18:24:18.000Z'],
    ['2018-09-28T20:24:18+02:00', '2018-09-28T18:24:18.000Z'],
    ['2018-09-28T13:24:18-0500', '2018-09-28T18:24:18.000Z'],
    ['2018-09-28', '2018-09-28T00:00:00.000Z'],
    ['9/28/2018 6:24:18 PM', '2018-09-28T18:24:18.000Z'],
    ['9/28/2018 6:24:18 AM', '2018-09-28T06:24:18.000Z'],
    ['09/28/2018 12:00:00 AM', '2018-09-28T00:00:00.000Z'],
    ['09/28/2018 12:30:00 PM', '2018-09-28T12:30:00.000Z'],
    ['09/28/2018 18:24:18', '2018-09-28T18:24:18.000Z'],
    ['9/28/2018', '2018-09-28T00:00:00.000Z'],
    ['  3/2/2021 1:05:09 pm  ', '2021-03-02T13:05:09.000Z'],
  ])('reads %j', (input, expected) => {
    expect(parseCreatedTime(input)).toBe(expected);
  });

  it('reads the canonical form (its own fast path) exactly as the general one reads the same time', () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (let i = 0; i < 5000; i++) {
      // Days up to 32 and hours up to 24 so that impossible dates (31 April, 29 February 2023) come up too.
      const date = `${pad([1600, 1900, 1970, 2000, 2023, 2024, 2100, 9999][next(8)]!, 4)}-${pad(1 + next(12), 2)}-${pad(next(33), 2)}`;
      const time = `${pad(next(25), 2)}:${pad(next(61), 2)}:${pad(next(61), 2)}`;
      const fraction = ['', '.5', '.029', '.1234567', '.999999999'][next(5)]!;
      const canonical = `${date}T${time}${fraction}Z`;
      expect(parseCreatedTime(canonical), canonical).toBe(parseCreatedTime(`${date} ${time}${fraction}z`));
    }
    expect(parseCreatedTime('2024-02-29T23:59:59.9999999Z')).toBe('2024-02-29T23:59:59.999Z');
    expect(parseCreatedTime('2023-02-29T00:00:00Z')).toBeNull();
    expect(parseCreatedTime('0099-01-01T00:00:00Z')).toBe(parseCreatedTime('0099-01-01 00:00:00Z'));
  });

  it.each(['', 'yesterday', '2018-13-01T00:00:00Z', '2/30/2020 1:00:00 PM', '9/28/2018 13:00:00 PM', '2018-09-28T25:00:00Z', '31/12/2020'])(
    'rejects %j',
    (input) => {
      expect(parseCreatedTime(input)).toBeNull();
    },
  );

  it('accepts Date objects and refuses other types', () => {
    expect(parseCreatedTime(new Date('2020-01-01T00:00:00Z'))).toBe('2020-01-01T00:00:00.000Z');
    expect(parseCreatedTime(new Date('nope'))).toBeNull();
    expect(parseCreatedTime(12345)).toBeNull();
    expect(parseCreatedTime(undefined)).toBeNull();
  });
});

describe('receivedTime', () => {
  it('prefers CreatedTime, then the service Timestamp, and says which', () => {
    expect(receivedTime('9/28/2018 6:24:18 PM', '2019-01-01T00:00:00Z')).toEqual({
      receivedAt: '2018-09-28T18:24:18.000Z',
      receivedFrom: 'CreatedTime',
    });
    expect(receivedTime('garbage', '2019-01-01T00:00:00.5Z')).toEqual({
      receivedAt: '2019-01-01T00:00:00.500Z',
      receivedFrom: 'Timestamp',
    });
    expect(receivedTime(undefined, null)).toEqual({ receivedAt: '1970-01-01T00:00:00.000Z', receivedFrom: 'unknown' });
  });
});
