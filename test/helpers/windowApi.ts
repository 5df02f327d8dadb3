import type { LeadInboxApi } from '../../electron/api';
import { METHODS } from '../../electron/apiChannels';
import type { LeadInboxService, ServiceEvent } from '../../electron/core/service';
import { createDispatcher } from '../../electron/dispatch';

/**
 * `window.leadInbox` as the preload exposes it, wired to a real service through the same dispatcher the
 * doors use: component tests exercise the window against the real core, not a mock of it.
 */
export function windowApiFor(service: LeadInboxService, events: { listeners: Set<(event: ServiceEvent) => void> }, exportFile: (name: string) => string): LeadInboxApi {
  const dispatch = createDispatcher(service, { chooseExportFile: (_format, name) => Promise.resolve(exportFile(name)) });
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(METHODS)) api[name] = (request: unknown) => dispatch(channel, request);
  api.on = (type: string, listener: (event: ServiceEvent) => void) => {
    const forward = (event: ServiceEvent) => event.type === type && listener(event);
    events.listeners.add(forward);
    return () => events.listeners.delete(forward);
  };
  return api as LeadInboxApi;
}
