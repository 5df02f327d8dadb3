import type { ShellEvent } from '../api';
import type { ServiceEvent } from '../core/service';

/**
 * The notification for leads that arrived by themselves, and what clicking it shows: the lead itself when
 * one arrived, the Inbox's newest leads when several did.
 */
export function newLeadsNotification(event: Extract<ServiceEvent, { type: 'leads:new' }>): { readonly title: string; readonly body: string; readonly open: ShellEvent } {
  const one = event.count === 1;
  return {
    title: one ? 'A new marketplace lead' : 'New marketplace leads',
    body: one ? '1 new lead arrived. Click to open it.' : `${event.count.toLocaleString('en-US')} new leads arrived. Click to see them, newest first.`,
    open: one ? { type: 'app:open-lead', id: event.newestId } : { type: 'app:show-new-leads' },
  };
}
