import type { ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * How this process reaches Azure: through which proxy, and trusting which certificate authorities besides
 * Node's own. A company network that inspects HTTPS (Zscaler, Netskope, a Fortinet or Palo Alto firewall)
 * presents certificates signed by its own root: without it every call fails.
 * - The desktop app: the system's proxy for Azure's hosts (Electron's session.resolveProxy, PAC included)
 *   and the system's certificate store, handed to the core by main.ts.
 * - The CLI: HTTPS_PROXY / NO_PROXY, and NODE_EXTRA_CA_CERTS, which Node itself reads at start.
 */
export interface NetworkSettings {
  /** A proxy URL (`http://proxy.contoso.com:8080`), or null to connect directly. */
  readonly proxy: string | null;
  /** Hosts reached directly even with a proxy, as NO_PROXY lists them (`localhost,.contoso.com`). */
  readonly noProxy: string | null;
  /** PEM certificates trusted besides Node's bundled ones (the system's store, a company root). */
  readonly extraCertificates: readonly string[];
}

/** The CLI's settings: the conventional environment variables (NODE_EXTRA_CA_CERTS is Node's own). */
export function networkFromEnvironment(env: NodeJS.ProcessEnv): NetworkSettings {
  const proxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || null;
  return { proxy, noProxy: env.NO_PROXY || env.no_proxy || null, extraCertificates: [] };
}

/**
 * The proxy an Electron session.resolveProxy answer names, as a URL: `PROXY host:port` (and `HTTP`) is an
 * http proxy, `HTTPS host:port` a TLS one; the first usable entry wins, `DIRECT` means none. SOCKS proxies
 * are not supported by the Azure SDK's transport: null, and the connection is tried directly.
 */
export function proxyFromPac(answer: string): string | null {
  for (const entry of answer.split(';').map((part) => part.trim()).filter(Boolean)) {
    const [kind, hostPort] = entry.split(/\s+/);
    const type = kind!.toUpperCase();
    if (type === 'DIRECT') return null;
    if ((type === 'PROXY' || type === 'HTTP') && hostPort) return `http://${hostPort}`;
    if (type === 'HTTPS' && hostPort) return `https://${hostPort}`;
  }
  return null;
}

/** Whether `host` is reached directly: NO_PROXY's entries match a host, its subdomains (`.contoso.com`), or all (`*`). */
export function bypassesProxy(host: string, noProxy: string | null): boolean {
  if (!noProxy) return false;
  const name = host.toLowerCase().replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, ''))
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const domain = entry.replace(/^\*?\./, '');
      return name === domain || name.endsWith(`.${domain}`);
    });
}

/**
 * https-proxy-agent opens the TLS connection to the target with the request's options only (it drops its
 * own), so the extra certificate authorities are added to those here.
 */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly ca: readonly string[] | undefined,
  ) {
    super(proxy, { keepAlive: true });
  }

  override connect(request: ClientRequest, options: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    return super.connect(request, (this.ca ? { ...options, ca: [...this.ca] } : options) as typeof options);
  }
}

let settings: NetworkSettings = { proxy: null, noProxy: null, extraCertificates: [] };
const agents = new Map<string, HttpsAgent>();

/** Sets how this process reaches Azure from now on; each door calls it once at start. */
export function configureNetwork(next: NetworkSettings): void {
  settings = next;
  agents.clear();
}

/**
 * The agent an https request to `host` goes out on: through the proxy unless NO_PROXY exempts the host,
 * trusting Node's certificate authorities plus the extra ones. The Azure SDK ignores its own TLS options
 * once a proxy is in play, so the core hands every request this agent instead.
 */
export function agentFor(host: string): HttpsAgent {
  const proxy = settings.proxy && !bypassesProxy(host, settings.noProxy) ? settings.proxy : null;
  const key = proxy ?? 'direct';
  let agent = agents.get(key);
  if (!agent) {
    const ca = settings.extraCertificates.length > 0 ? [...rootCertificates, ...settings.extraCertificates] : undefined;
    agent = proxy ? new TrustingProxyAgent(proxy, ca) : new HttpsAgent({ keepAlive: true, ...(ca ? { ca } : {}) });
    agents.set(key, agent);
  }
  return agent;
}
