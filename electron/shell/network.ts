import { proxyFromPac, type NetworkSettings } from '../core/azure/network';

/**
 * A URL on Azure Storage's table hosts, for asking the system which proxy it takes: PAC files and proxy
 * exceptions name hosts (`*.core.windows.net`), so the answer holds for every storage account.
 */
export const AZURE_STORAGE_PROBE = 'https://lead-inbox.table.core.windows.net/';

export interface AppNetworkInput {
  /** Electron's session.resolveProxy answer for AZURE_STORAGE_PROBE (`PROXY host:port; DIRECT`). */
  readonly pac: string;
  readonly env: NodeJS.ProcessEnv;
  /** PEM certificates of the operating system's store (Node's tls.getCACertificates('system')). */
  readonly systemCertificates: readonly string[];
  /** Reads NODE_EXTRA_CA_CERTS's file: the packaged app's fuses stop Node from reading it itself. */
  readonly readFile: (file: string) => string;
}

/** The PEM certificates in a file's text. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/**
 * How the desktop app's core reaches Azure: the system's proxy for Azure's hosts (else HTTPS_PROXY, as a
 * Linux session sets it), NO_PROXY's exceptions, and every certificate the system trusts plus those of
 * NODE_EXTRA_CA_CERTS. A NODE_EXTRA_CA_CERTS file that cannot be read is passed over, not fatal.
 */
export function appNetwork({ pac, env, systemCertificates, readFile }: AppNetworkInput): NetworkSettings {
  let extra: string[] = [];
  if (env.NODE_EXTRA_CA_CERTS) {
    try {
      extra = pemCertificates(readFile(env.NODE_EXTRA_CA_CERTS));
    } catch {
      extra = [];
    }
  }
  return {
    proxy: proxyFromPac(pac) ?? (env.HTTPS_PROXY || env.https_proxy || null),
    noProxy: env.NO_PROXY || env.no_proxy || null,
    extraCertificates: [...new Set([...systemCertificates, ...extra])],
  };
}
