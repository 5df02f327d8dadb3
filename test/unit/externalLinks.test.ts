import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailtoHref, telHref } from '../../electron/core/leads/contactLinks';
import { externalUrl } from '../../electron/shell/externalUrl';
import { appFileFor } from '../../electron/shell/trust';

describe('what the app hands the operating system to open', () => {
  it('web pages, one mail address, one phone number', () => {
    expect(externalUrl('https://learn.microsoft.com/partner-center/')).toBe('https://learn.microsoft.com/partner-center/');
    expect(externalUrl('http://contoso.example/')).toBe('http://contoso.example/');
    expect(externalUrl('mailto:ana@contoso.com')).toBe('mailto:ana@contoso.com');
    expect(externalUrl('mailto:ana@contoso.com?subject=Your%20trial&body=Hello')).toBe('mailto:ana@contoso.com?subject=Your%20trial&body=Hello');
    expect(externalUrl('tel:+442071234567')).toBe('tel:+442071234567');
  });

  it('refuses hostile and foreign URLs: schemes, mail headers that copy or attach, several addresses, credentials', () => {
    for (const hostile of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://attacker.example/share',
      'vscode://file/etc/passwd',
      'mailto:ana@contoso.com?bcc=spy@evil.example',
      'mailto:ana@contoso.com?attach=/home/ana/.ssh/id_rsa',
      'mailto:ana@contoso.com?Attachment=C:\\secrets.txt',
      'mailto:ana@contoso.com,spy@evil.example',
      'mailto:ana@contoso.com?to=spy@evil.example',
      'mailto:%zz@contoso.com',
      'tel:+44;phone-context=evil',
      'https://user:pass@evil.example/',
      'not a url',
      '',
    ]) {
      expect(externalUrl(hostile), hostile).toBeNull();
    }
  });
});

describe('the detail pane\'s mail and phone links', () => {
  it('link one plain address, its characters encoded, and nothing that carries more', () => {
    expect(mailtoHref('ana@contoso.com')).toBe('mailto:ana@contoso.com');
    expect(mailtoHref(' ana.lopez+leads@contoso.co.uk ')).toBe('mailto:ana.lopez%2Bleads@contoso.co.uk');
    expect(mailtoHref('ana@contoso.com?bcc=spy@evil.example')).toBeUndefined();
    expect(mailtoHref('ana@contoso.com&attach=/etc/passwd')).toBeUndefined();
    expect(mailtoHref('ana@contoso.com,spy@evil.example')).toBeUndefined();
    expect(mailtoHref('not an email')).toBeUndefined();
    expect(mailtoHref('')).toBeUndefined();
    for (const email of ['ana@contoso.com', 'ana.lopez+leads@contoso.co.uk']) expect(externalUrl(mailtoHref(email)!)).not.toBeNull();
  });

  it('call the digits of a number, which the allowlist opens', () => {
    expect(telHref('+44 (20) 7123-4567')).toBe('tel:+442071234567');
    expect(telHref('020 7123 4567 ext. 12')).toBe('tel:0207123456712');
    expect(telHref('1+2')).toBeUndefined();
    expect(telHref('n/a')).toBeUndefined();
    expect(externalUrl(telHref('+44 (20) 7123-4567')!)).toBe('tel:+442071234567');
  });
});

describe('the app\'s own pages, wherever it is installed', () => {
  it('a "%" in the install path that starts no escape is part of the path, not a refusal of every page', () => {
    const root = 'C:\\Users\\Ana\\Apps\\100% Leads\\resources\\app.asar\\out\\renderer';
    expect(appFileFor('app://lead-inbox/index.html', root, path.win32)).toBe(`${root}\\index.html`);
    expect(appFileFor('app://lead-inbox/100%/x.js', '/home/ana/out/renderer', path.posix)).toBe('/home/ana/out/renderer/100%/x.js');
  });
});
