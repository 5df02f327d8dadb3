import { describe, expect, it } from 'vitest';
import { emailKey, nameCompanyKey, phoneKey } from '../../electron/core/leads/normalize';

describe('duplicate keys', () => {
  it('folds email case and whitespace, and rejects non-addresses', () => {
    expect(emailKey('  Ana.Souza@Contoso.COM ')).toBe('ana.souza@contoso.com');
    expect(emailKey('mailto:a@b.c')).toBe('a@b.c');
    expect(emailKey('not an email')).toBe('');
    expect(emailKey('')).toBe('');
  });

  it('keeps phone digits only, and only when there are enough to call', () => {
    expect(phoneKey('+1 (617) 555-5555')).toBe('16175555555');
    expect(phoneKey('16175555555')).toBe('16175555555');
    expect(phoneKey('12-34')).toBe('');
  });

  it('joins folded name and company, and needs both', () => {
    expect(nameCompanyKey(' Ana ', 'SOUZA', 'Contoso  Ltd')).toBe('ana souza|contoso ltd');
    expect(nameCompanyKey('Ａｎａ', 'Souza', 'Contoso')).toBe('ana souza|contoso');
    expect(nameCompanyKey('Ana', 'Souza', '')).toBe('');
    expect(nameCompanyKey('', '', 'Contoso')).toBe('');
  });
});
