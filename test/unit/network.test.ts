import { describe, expect, it } from 'vitest';
import { bypassesProxy, networkFromEnvironment, proxyFromPac } from '../../electron/core/azure/network';
import { appNetwork, pemCertificates } from '../../electron/shell/network';

const CERT_A = '-----BEGIN CERTIFICATE-----\nMIIBaaa\n-----END CERTIFICATE-----';
const CERT_B = '-----BEGIN CERTIFICATE-----\nMIIBbbb\n-----END CERTIFICATE-----';

describe('the proxy the system names for Azure', () => {
  it('reads Electron\'s resolveProxy answers as Windows, macOS and Linux give them', () => {
    expect(proxyFromPac('DIRECT')).toBeNull();
    expect(proxyFromPac('PROXY proxy.contoso.com:8080')).toBe('http://proxy.contoso.com:8080');
    expect(proxyFromPac('PROXY 10.1.2.3:3128; DIRECT')).toBe('http://10.1.2.3:3128');
    expect(proxyFromPac('HTTPS gateway.zscaler.net:443; PROXY backup:80')).toBe('https://gateway.zscaler.net:443');
    expect(proxyFromPac('SOCKS5 127.0.0.1:1080; DIRECT')).toBeNull();
    expect(proxyFromPac('SOCKS5 127.0.0.1:1080; PROXY proxy:8080')).toBe('http://proxy:8080');
    expect(proxyFromPac('')).toBeNull();
  });

  it('sends hosts that NO_PROXY names around the proxy: exact, subdomains, a leading dot or star, everything', () => {
    expect(bypassesProxy('contoso.table.core.windows.net', null)).toBe(false);
    expect(bypassesProxy('contoso.table.core.windows.net', 'localhost,.core.windows.net')).toBe(true);
    expect(bypassesProxy('contoso.table.core.windows.net', '*.windows.net')).toBe(true);
    expect(bypassesProxy('contoso.table.core.windows.net', 'core.windows.net')).toBe(true);
    expect(bypassesProxy('contoso.table.core.windows.net:443', 'contoso.table.core.windows.net')).toBe(true);
    expect(bypassesProxy('notcore.windows.net', 'core.windows.net')).toBe(false);
    expect(bypassesProxy('contoso.table.core.windows.net', 'localhost, 127.0.0.1')).toBe(false);
    expect(bypassesProxy('anything.example', '*')).toBe(true);
    expect(bypassesProxy('127.0.0.1:10002', '127.0.0.1')).toBe(true);
  });

  it('the CLI takes HTTPS_PROXY (or HTTP_PROXY, in either case) and NO_PROXY', () => {
    expect(networkFromEnvironment({})).toEqual({ proxy: null, noProxy: null, extraCertificates: [] });
    expect(networkFromEnvironment({ https_proxy: 'http://p:1', no_proxy: 'localhost' })).toEqual({ proxy: 'http://p:1', noProxy: 'localhost', extraCertificates: [] });
    expect(networkFromEnvironment({ HTTP_PROXY: 'http://p:2', HTTPS_PROXY: 'http://p:3' }).proxy).toBe('http://p:3');
  });
});

describe('what the desktop app trusts and goes through', () => {
  it('the system\'s proxy first, HTTPS_PROXY when the system says DIRECT; the system\'s store plus NODE_EXTRA_CA_CERTS', () => {
    const read = (file: string) => {
      if (file === '/etc/zscaler.pem') return `Zscaler root\n${CERT_B}\n${CERT_A}\n`;
      throw new Error('ENOENT');
    };
    expect(appNetwork({ pac: 'PROXY proxy:8080; DIRECT', env: { HTTPS_PROXY: 'http://env:1' }, systemCertificates: [CERT_A], readFile: read })).toEqual({ proxy: 'http://proxy:8080', noProxy: null, extraCertificates: [CERT_A] });
    expect(appNetwork({ pac: 'DIRECT', env: { HTTPS_PROXY: 'http://env:1', NO_PROXY: '.contoso.com', NODE_EXTRA_CA_CERTS: '/etc/zscaler.pem' }, systemCertificates: [CERT_A], readFile: read })).toEqual({
      proxy: 'http://env:1',
      noProxy: '.contoso.com',
      extraCertificates: [CERT_A, CERT_B],
    });
    expect(appNetwork({ pac: 'DIRECT', env: { NODE_EXTRA_CA_CERTS: '/missing.pem' }, systemCertificates: [], readFile: read })).toEqual({ proxy: null, noProxy: null, extraCertificates: [] });
    expect(pemCertificates(`junk${CERT_A}\r\nmore ${CERT_B}`)).toEqual([CERT_A, CERT_B]);
  });
});
