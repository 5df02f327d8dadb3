import * as z from 'zod';
import { REQUESTS, type ApiFailure, type ApiResult, type BackupOutcome, type Channel, type ExportOutcome, type ParsedRequestOf, type Responses } from './api';
import { ViewError } from './core/inbox';
import { ArchiveError, ExportTargetError, ServiceError, storageFailure, type LeadInboxService } from './core/service';

/** The kinds of file the window can ask to save: exports, and backups of the archive. */
export type SaveFormat = 'csv' | 'xlsx' | 'db';

/** What differs between the doors: where an export's file goes. */
export interface Door {
  /** A path to write an export (or a backup, 'db') to, or null when the user cancelled the choice. */
  chooseExportFile(format: SaveFormat, suggestedName: string): Promise<string | null>;
  /** How the window reaches the finished file (browser mode serves it; the desktop already has it). */
  downloadUrlFor?(file: string): string;
  /** Where an unexpected error's details go (the desktop app's log file); standard error when absent. */
  reportUnexpected?(channel: string, error: unknown): void;
}

type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<Responses[C]> | Responses[C] };

function handlers(service: LeadInboxService, door: Door): Handlers {
  return {
    'secrets:status': () => service.secretsStatus(),
    'secrets:unlock': ({ passphrase }) => service.unlockSecrets(passphrase),
    'profiles:list': () => service.listProfiles(),
    'visit:start': () => service.startVisit(),
    'profiles:add': ({ request }) => service.addProfile(request),
    'profiles:test': ({ id }) => service.testProfile(id),
    'profiles:remove': ({ id }) => service.removeProfile(id),
    'profiles:schedule': ({ id, everyMinutes }) => service.setSyncSchedule(id, everyMinutes),
    'profiles:health-settings': ({ id, ...settings }) => service.setHealthSettings(id, settings),
    'sample:add': ({ count }) => service.addSampleLeads(count),
    'sample:remove': () => service.removeSampleLeads(),
    'sample:status': () => service.hasSampleLeads(),
    'sync:start': ({ id }) => service.syncProfile(id),
    'sync:cancel': ({ id }) => service.cancelSync(id),
    'leads:query': ({ query, window }) => service.queryLeads(query, window),
    'leads:facets': ({ query }) => service.facets(query),
    'leads:detail': ({ id }) => service.leadDetail(id),
    'leads:weekly': ({ query, by }) => service.weeklyCounts(query, by),
    'leads:triage': ({ target, patch }) => service.setTriage(target, patch),
    'views:list': () => service.listViews(),
    'views:save': ({ definition, id }) => service.saveView(definition, id),
    'views:delete': ({ id }) => service.deleteView(id),
    'views:reorder': ({ ids }) => service.reorderViews(ids),
    'export:start': async ({ exportId, query, format, columns, bom, handOff }): Promise<ExportOutcome> => {
      const stamp = new Date().toISOString().slice(0, 10);
      const file = await door.chooseExportFile(format, `leads-${stamp}${handOff ? `-${handOff.target}` : ''}.${format}`);
      if (!file) return { cancelled: true, rows: 0, chosen: false };
      const result = await service.exportLeads({ exportId, query, file, format, columns, bom, handOff });
      const { downloadUrlFor } = door;
      return downloadUrlFor && !result.cancelled ? { ...result, downloadUrls: result.files.map((written) => downloadUrlFor(written)) } : result;
    },
    'export:cancel': ({ exportId }) => service.cancelExport(exportId),
    'imports:add': ({ files }) => service.importUploads(files),
    'imports:list': () => service.importedFiles(),
    'archive:info': () => service.archiveInfo(),
    'archive:backup': async ({ includeSecrets }): Promise<BackupOutcome> => {
      const file = await door.chooseExportFile('db', `lead-inbox-backup-${new Date().toISOString().slice(0, 10)}.db`);
      if (!file) return { cancelled: true };
      const result = await service.backupArchive({ file, includeSecrets });
      return { ...result, cancelled: false, ...(door.downloadUrlFor ? { downloadUrl: door.downloadUrlFor(result.file) } : {}) };
    },
    'archive:check': () => service.checkArchive(),
  };
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(REQUESTS, value);
}

function describeInvalid(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
    .join('; ');
}

function failureOf(error: unknown, reportUnexpected: (error: unknown) => void): ApiFailure {
  const storage = storageFailure(error);
  if (storage) return { kind: 'failed', message: `${storage.error.message} ${storage.fix}` };
  if (error instanceof z.ZodError) return { kind: 'invalid-request', message: describeInvalid(error) };
  if (error instanceof ServiceError) {
    const p = error.problem;
    return { kind: 'failed', message: error.message, ...(p ? { problem: { code: p.code, message: p.message, fix: p.fix } } : {}) };
  }
  if (error instanceof ViewError || error instanceof RangeError || error instanceof ExportTargetError || error instanceof ArchiveError) return { kind: 'failed', message: error.message };
  // Anything else is a bug: the window gets a plain sentence, the details go to the log.
  reportUnexpected(error);
  return { kind: 'failed', message: 'Something went wrong inside Lead Inbox; the details are in its log.' };
}

/**
 * One entry for both doors: validates the payload against the channel's schema, calls the service and
 * wraps the outcome, so that no malformed payload reaches the core and no exception crosses a door.
 */
export function createDispatcher(service: LeadInboxService, door: Door) {
  const table = handlers(service, door);
  return async function dispatch<C extends Channel>(channel: C, payload: unknown): Promise<ApiResult<C>> {
    try {
      if (!isChannel(channel)) return { ok: false, error: { kind: 'invalid-request', message: 'Unknown channel.' } };
      const parsed = REQUESTS[channel].safeParse(payload ?? {});
      if (!parsed.success) return { ok: false, error: { kind: 'invalid-request', message: describeInvalid(parsed.error) } };
      const handler = table[channel] as (request: unknown) => Promise<Responses[C]> | Responses[C];
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: failureOf(error, (unexpected) => (door.reportUnexpected ? door.reportUnexpected(channel, unexpected) : console.error('lead-inbox: unexpected error', unexpected))) };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
