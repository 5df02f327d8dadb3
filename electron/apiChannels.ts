/**
 * The contract's constants: the window's named functions and the IPC channel each calls, the events
 * channel, and the values the window shows. Plain constants (the one import is a constant too), so the
 * sandboxed preload and the renderer can bundle them without any of the core.
 */
import { TRIAGE_STATUSES } from './core/store/triageStatuses';

export { TRIAGE_STATUSES };

/** The window's named functions, and the channel each calls. No generic invoke reaches the window. */
export const METHODS = {
  secretsStatus: 'secrets:status',
  unlockSecrets: 'secrets:unlock',
  listProfiles: 'profiles:list',
  startVisit: 'visit:start',
  addProfile: 'profiles:add',
  testProfile: 'profiles:test',
  removeProfile: 'profiles:remove',
  setSyncSchedule: 'profiles:schedule',
  setHealthSettings: 'profiles:health-settings',
  addSampleLeads: 'sample:add',
  removeSampleLeads: 'sample:remove',
  hasSampleLeads: 'sample:status',
  startSync: 'sync:start',
  cancelSync: 'sync:cancel',
  queryLeads: 'leads:query',
  facets: 'leads:facets',
  leadDetail: 'leads:detail',
  weeklyCounts: 'leads:weekly',
  setTriage: 'leads:triage',
  listViews: 'views:list',
  saveView: 'views:save',
  deleteView: 'views:delete',
  reorderViews: 'views:reorder',
  startExport: 'export:start',
  cancelExport: 'export:cancel',
  importLeadFiles: 'imports:add',
  listImportedFiles: 'imports:list',
  archiveInfo: 'archive:info',
  backupArchive: 'archive:backup',
  checkArchive: 'archive:check',
} as const;

/** The most text one import call may carry (the window reads the chosen files and sends their text). */
export const MAX_UPLOAD_CHARS = 32 * 1024 * 1024;

/** The channel on which the core's events reach the window. */
export const EVENTS_CHANNEL = 'events';

/** Browser mode: the header that carries the page's token on every API call. */
export const TOKEN_HEADER = 'x-lead-inbox-token';
