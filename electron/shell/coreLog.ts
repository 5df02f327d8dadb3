import type { ServiceEvent } from '../core/service';
import type { LogLevel } from './logFile';

/**
 * What the log says of a core event: each sync's outcome, in counts and the problem's own words (built from
 * codes, never from lead data); nothing for progress and bookkeeping events, which would bury it.
 */
export function describeCoreEvent(event: ServiceEvent): { readonly level: LogLevel; readonly message: string } | null {
  switch (event.type) {
    case 'sync:finished': {
      const r = event.result;
      const outcome = r.cancelled ? 'cancelled' : 'done';
      const passedOver = r.problems.length > 0 ? `; passed over: ${r.problems.join(' ')}` : '';
      return { level: 'info', message: `sync ${outcome}: ${r.destinationId} (${r.mode}), ${r.entities} entities read, ${r.inserted} new, ${r.updated} changed, ${r.total} leads in all, ${r.seconds.toFixed(1)} s${passedOver}` };
    }
    case 'sync:failed':
      return {
        level: event.problem.code === 'syncing-elsewhere' ? 'info' : 'warn',
        message: `sync failed${event.background ? ' (scheduled)' : ''}: ${event.destinationId}: ${event.problem.code}: ${event.problem.message} What to do: ${event.problem.fix}`,
      };
    case 'leads:new':
      return { level: 'info', message: `${event.count} new real lead${event.count === 1 ? '' : 's'} from ${event.destinationId}` };
    default:
      return null;
  }
}

/** Writes what the log says of `event`, if anything: main.ts's one hook from the core to the log. */
export function logCoreEvent(log: { write(level: LogLevel, message: string): void }, event: ServiceEvent): void {
  const said = describeCoreEvent(event);
  if (said) log.write(said.level, said.message);
}
