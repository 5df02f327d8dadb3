import { describe, expect, it } from 'vitest';
import { decodeDotNetTicks, detectTestLead } from '../../electron/core/leads/testLead';

describe('decodeDotNetTicks', () => {
  it('decodes both documented samples', () => {
    expect(decodeDotNetTicks('636573304831318844')).toBe('2018-03-22T15:48:03Z');
    expect(decodeDotNetTicks('636737558587117715')).toBe('2018-09-28T18:24:18Z');
    expect(decodeDotNetTicks(636737558587117715n)).toBe('2018-09-28T18:24:18Z');
  });

  it('decodes a round instant exactly', () => {
    expect(decodeDotNetTicks('637134336000000000')).toBe('2020-01-01T00:00:00Z');
  });

  it('refuses numbers that are not plausible send times', () => {
    expect(decodeDotNetTicks('123456789012345')).toBeNull();
    expect(decodeDotNetTicks('621355968000000000')).toBeNull();
    expect(decodeDotNetTicks('9999999999999999999')).toBeNull();
    expect(decodeDotNetTicks('abc')).toBeNull();
  });
});

describe('detectTestLead', () => {
  it('finds the marker in any field, in any case, with its send time', () => {
    expect(detectTestLead(['Contoso', 'msft_test_636573304831318844@test.com'])).toEqual({
      isTest: true,
      sentAt: '2018-03-22T15:48:03Z',
    });
  });

  it('flags a marker without ticks and still finds ticks in a later field', () => {
    expect(detectTestLead(['MSFT_TEST'])).toEqual({ isTest: true, sentAt: null });
    expect(detectTestLead(['MSFT_TEST lead', 'x MSFT_TEST_636737558587117715'])).toEqual({
      isTest: true,
      sentAt: '2018-09-28T18:24:18Z',
    });
  });

  it('does not flag real leads', () => {
    expect(detectTestLead(['Ana', 'ana@contoso.com', 'MSFT TEST', 'msfttest'])).toEqual({ isTest: false, sentAt: null });
    expect(detectTestLead([])).toEqual({ isTest: false, sentAt: null });
  });
});
