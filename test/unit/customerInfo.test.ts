import { describe, expect, it } from 'vitest';
import { parseCustomerInfo } from '../../electron/core/leads/customerInfo';

const TEST_LEAD =
  '{"FirstName":"MSFT_TEST_636737558587117715","LastName":"MSFT_TEST_636737558587117715",' +
  '"Email":"MSFT_TEST_636737558587117715@test.com","Phone":"1234567890","Country":"US",' +
  '"Company":"MSFT_TEST_636737558587117715","Title":"MSFT_TEST_636737558587117715"}';

describe('parseCustomerInfo', () => {
  it('reads the documented PascalCase JSON string', () => {
    expect(parseCustomerInfo(TEST_LEAD)).toEqual({
      status: 'parsed',
      extra: {},
      customer: {
        firstName: 'MSFT_TEST_636737558587117715',
        lastName: 'MSFT_TEST_636737558587117715',
        email: 'MSFT_TEST_636737558587117715@test.com',
        phone: '1234567890',
        country: 'US',
        company: 'MSFT_TEST_636737558587117715',
        title: 'MSFT_TEST_636737558587117715',
      },
    });
  });

  it('reads the camelCase wire form and the HTTPS sample as an object', () => {
    const userDetails = {
      firstName: 'Some',
      lastName: 'One',
      email: 'someone@contoso.com',
      phone: '16175555555',
      country: 'USA',
      company: 'Contoso',
      title: 'Esquire',
    };
    expect(parseCustomerInfo(JSON.stringify(userDetails)).customer).toEqual(userDetails);
    expect(parseCustomerInfo(userDetails).customer).toEqual(userDetails);
  });

  it('matches keys in any casing and separator style', () => {
    const parsed = parseCustomerInfo('{"FIRSTNAME":"Ana","last_name":"Souza","E-mail":"a@b.pt","first name":""}');
    expect(parsed.customer).toMatchObject({ firstName: 'Ana', lastName: 'Souza', email: 'a@b.pt' });
  });

  it('coerces numbers, booleans and nested values to strings', () => {
    const parsed = parseCustomerInfo('{"Phone":16175555555,"Title":true,"Company":{"Name":"Contoso"}}');
    expect(parsed.customer).toMatchObject({ phone: '16175555555', title: 'true', company: '{"Name":"Contoso"}' });
  });

  it('keeps unknown keys verbatim', () => {
    expect(parseCustomerInfo('{"Email":"x@y.z","Industry":"Retail","Seats":25}').extra).toEqual({
      Industry: 'Retail',
      Seats: '25',
    });
  });

  it('treats null, blanks and missing values as empty, not as broken', () => {
    const parsed = parseCustomerInfo('{"FirstName":null,"LastName":"  ","Country":"US"}');
    expect(parsed.status).toBe('parsed');
    expect(parsed.customer).toMatchObject({ firstName: '', lastName: '', country: 'US' });
    expect(parseCustomerInfo('').status).toBe('missing');
    expect(parseCustomerInfo('   ').status).toBe('missing');
    expect(parseCustomerInfo(undefined).status).toBe('missing');
    expect(parseCustomerInfo(null).status).toBe('missing');
    expect(parseCustomerInfo('{}')).toMatchObject({ status: 'parsed', customer: { email: '' } });
  });

  it.each(['{"FirstName":"Ana"', 'not json', '[1,2]', '42', 'null', '"just text"'])(
    'flags %j as invalid without throwing',
    (raw) => {
      const parsed = parseCustomerInfo(raw);
      expect(parsed.status).toBe('invalid');
      expect(parsed.customer.email).toBe('');
    },
  );

  it('recovers JSON encoded twice and a leading byte-order mark', () => {
    expect(parseCustomerInfo(JSON.stringify(TEST_LEAD)).customer.country).toBe('US');
    expect(parseCustomerInfo(`\uFEFF${TEST_LEAD}`).status).toBe('parsed');
  });

  it('keeps a non-empty alias over a later empty one', () => {
    expect(parseCustomerInfo('{"Email":"a@b.c","email":""}').customer.email).toBe('a@b.c');
    expect(parseCustomerInfo('{"email":"","Email":"a@b.c"}').customer.email).toBe('a@b.c');
  });

  it('keeps 30,000-character values and text in any script whole', () => {
    const long = 'Ж'.repeat(30_000);
    const parsed = parseCustomerInfo(JSON.stringify({ Company: long, FirstName: '김민준', LastName: 'עברית 🚀' }));
    expect(parsed.customer.company).toHaveLength(30_000);
    expect(parsed.customer).toMatchObject({ firstName: '김민준', lastName: 'עברית 🚀' });
  });
});
