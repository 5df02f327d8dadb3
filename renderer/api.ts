/**
 * The window's only way to the app: `window.leadInbox` from the Electron preload, or, in browser mode, the
 * same functions over HTTP to `lead-inbox serve` with the page's token. Both return the same results.
 */
import type { EventOf, EventType, LeadInboxApi, MethodName } from '../electron/api';
import { EVENTS_CHANNEL, METHODS, TOKEN_HEADER } from '../electron/apiChannels';

declare global {
  interface Window {
    leadInbox?: LeadInboxApi;
  }
}

function browserModeApi(token: string): LeadInboxApi {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(METHODS)) {
    api[name] = async (request: unknown) => {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(request ?? {}),
      });
      if (response.headers.get('content-type')?.startsWith('application/json')) return response.json();
      return { ok: false, error: { kind: 'failed', message: await response.text() } };
    };
  }
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  api.on = (type: EventType, listener: (event: unknown) => void) => {
    source ??= new EventSource(`/api/${EVENTS_CHANNEL}?token=${encodeURIComponent(token)}`);
    let set = listeners.get(type);
    if (!set) {
      listeners.set(type, (set = new Set()));
      source.addEventListener(type, (message) => listeners.get(type)?.forEach((fn) => fn(JSON.parse((message as MessageEvent<string>).data))));
    }
    set.add(listener);
    return () => set.delete(listener);
  };
  return api as LeadInboxApi;
}

function connect(): LeadInboxApi {
  if (window.leadInbox) return window.leadInbox;
  const token = document.querySelector<HTMLMetaElement>('meta[name="lead-inbox-token"]')?.content;
  if (!token) throw new Error('Open Lead Inbox through the desktop app or the URL that `lead-inbox serve` printed.');
  return browserModeApi(token);
}

export const api = connect();
export const isBrowserMode = !window.leadInbox;

/** Calls one function of the API and returns its value, or throws the failure's message for the UI to show. */
export async function call<M extends MethodName>(method: M, request: Parameters<LeadInboxApi[M]>[0]): Promise<Extract<Awaited<ReturnType<LeadInboxApi[M]>>, { ok: true }>['value']> {
  const result = await (api[method] as (r: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string; problem?: { message: string; fix: string } } }>)(request);
  if (!result.ok) {
    const error = new Error(result.error?.problem ? `${result.error.problem.message} ${result.error.problem.fix}` : result.error?.message);
    throw error;
  }
  return result.value as never;
}

export function onEvent<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
  return api.on(type, listener);
}
