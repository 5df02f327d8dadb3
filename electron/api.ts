/**
 * The contract between the window and the core: every call the UI can make, its channel, the schema its
 * payload must pass, and what it returns. The Electron preload and the browser-mode client both implement
 * `LeadInboxApi` from this one table, and both doors validate every payload with these schemas.
 */
import * as z from 'zod';
import type { Diagnosis } from './core/azure/diagnose';
import type { ExportResult } from './core/export';
import { CRM_TARGETS } from './core/export/crmPresets';
import type { Facets, LeadDetail, LeadPage, View, WeeklyCounts } from './core/inbox';
import { leadQuerySchema, triagePatchSchema } from './core/inbox';
import type { ArchiveCheck, ArchiveInfo, BackupResult, ImportedFiles, ImportResult, Profile, SecretsStatus, ServiceEvent } from './core/service';
import type { SyncProgress, SyncResult } from './core/sync';
import { MAX_UPLOAD_CHARS, METHODS } from './apiChannels';

export { EVENTS_CHANNEL, MAX_UPLOAD_CHARS, METHODS, TRIAGE_STATUSES } from './apiChannels';
// The window imports only this contract: every type it shows comes from here, never from the core.
export type { ArchiveCheck, ArchiveInfo, BackupResult, Diagnosis, ExportResult, Facets, ImportedFiles, ImportResult, LeadDetail, LeadPage, Profile, SecretsStatus, ServiceEvent, SyncProgress, SyncResult, View, WeeklyCounts };
export type { FacetValue, LeadQueryInput, LeadRow, SortColumn } from './core/inbox';
export type { TriageStatus } from './core/store/triageStatuses';
export type { HealthWarning } from './core/destinationHealth';
// Pure data and text, no Node: the export dialog offers the same CRM hand-offs and says the same things.
export { CRM_PRESETS, CRM_TARGETS, LEFT_OUT_LABELS, type CrmTarget, type LeftOutReason } from './core/export/crmPresets';
export { handOffSummary, INCLUDE_LABELS } from './core/export/handOffSummary';
export { IMPORTED_DESTINATION } from './core/imports/destination';
export { SYNC_EVERY_CHOICES } from './core/sync/schedule';
export { actionLabel, sourceLabel } from './core/leads/catalog';
export { mailtoHref, telHref } from './core/leads/contactLinks';
export { HOT_SCORE, type LeadQuality, type QualityReason } from './core/leads/quality';

const id = z.string().min(1).max(500);
const text = (max: number) => z.string().max(max);

const destinationRequest = z
  .object({
    kind: z.enum(['table', 'blob']),
    connectionString: text(4000).optional(),
    sasUrl: text(4000).optional(),
    accountName: text(100).optional(),
    accountKey: text(200).optional(),
    tableEndpoint: text(500).optional(),
    blobEndpoint: text(500).optional(),
    endpointSuffix: text(200).optional(),
    tableName: text(63).optional(),
    container: text(63).optional(),
    prefix: text(1024).optional(),
    name: text(200).optional(),
  })
  .strict();

const exportId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Every channel's payload schema. Names follow `area:verb`. */
export const REQUESTS = {
  'secrets:status': z.object({}).strict(),
  'secrets:unlock': z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
  'profiles:list': z.object({}).strict(),
  'visit:start': z.object({}).strict(),
  'profiles:add': z.object({ request: destinationRequest }).strict(),
  'profiles:test': z.object({ id }).strict(),
  'profiles:remove': z.object({ id }).strict(),
  // Minutes between background syncs (0: only on request). The window offers 5, 15 and 60; tests use fractions.
  'profiles:schedule': z.object({ id, everyMinutes: z.number().min(0).max(24 * 60) }).strict(),
  'profiles:health-settings': z
    .object({ id, quietDays: z.number().min(0).max(3650), offerChangedAt: z.string().max(40).refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date').nullable() })
    .strict(),
  'sample:add': z.object({ count: z.number().int().min(1).max(100_000).default(5000) }).strict(),
  'sample:remove': z.object({}).strict(),
  'sample:status': z.object({}).strict(),
  'sync:start': z.object({ id }).strict(),
  'sync:cancel': z.object({ id }).strict(),
  'leads:query': z
    .object({
      query: leadQuerySchema,
      window: z.object({ offset: z.number().int().min(0).max(100_000_000), limit: z.number().int().min(0).max(5000) }).strict().default({ offset: 0, limit: 100 }),
    })
    .strict(),
  'leads:facets': z.object({ query: leadQuerySchema }).strict(),
  'leads:detail': z.object({ id: z.number().int().positive() }).strict(),
  'leads:weekly': z.object({ query: leadQuerySchema, by: z.enum(['action', 'offer']).default('action') }).strict(),
  'leads:triage': z
    .object({
      target: z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(), z.object({ query: leadQuerySchema }).strict()]),
      patch: triagePatchSchema,
    })
    .strict(),
  'views:list': z.object({}).strict(),
  'views:save': z.object({ definition: z.unknown(), id: z.string().regex(/^\d{1,12}$/).optional() }).strict(),
  'views:delete': z.object({ id: z.string().regex(/^\d{1,12}$/) }).strict(),
  'views:reorder': z.object({ ids: z.array(z.string().regex(/^\d{1,12}$/)).max(1000) }).strict(),
  'export:start': z
    .object({
      exportId,
      query: leadQuerySchema,
      format: z.enum(['csv', 'xlsx']),
      columns: z.enum(['default', 'all']).default('default'),
      bom: z.boolean().default(true),
      handOff: z
        .object({
          target: z.enum(CRM_TARGETS),
          include: z.object({ test: z.boolean(), doNotContact: z.boolean(), noPersonalData: z.boolean() }).partial().strict().default({}),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((request) => !request.handOff || request.format === 'csv', { message: 'A CRM hand-off is a CSV file.', path: ['format'] }),
  'export:cancel': z.object({ exportId }).strict(),
  'imports:add': z
    .object({
      files: z
        .array(z.object({ name: z.string().min(1).max(255), text: z.string().max(MAX_UPLOAD_CHARS), modifiedAt: z.iso.datetime().optional() }).strict())
        .min(1)
        .max(200),
    })
    .strict()
    .refine((request) => request.files.reduce((sum, file) => sum + file.text.length, 0) <= MAX_UPLOAD_CHARS, {
      message: `at most ${MAX_UPLOAD_CHARS / 1024 / 1024} MB of lead files at a time; import the rest in another go, or use lead-inbox import.`,
      path: ['files'],
    }),
  'imports:list': z.object({}).strict(),
  'archive:info': z.object({}).strict(),
  'archive:backup': z.object({ includeSecrets: z.boolean().default(false) }).strict(),
  'archive:check': z.object({}).strict(),
} as const;

export type Channel = keyof typeof REQUESTS;
export type RequestOf<C extends Channel> = z.input<(typeof REQUESTS)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof REQUESTS)[C]>;

/** Where an export went: the files the user chose (desktop), or links to download them (browser mode). */
export type ExportOutcome = (ExportResult & { readonly downloadUrls?: string[] }) | { readonly cancelled: true; readonly rows: 0; readonly chosen: false };

export interface Responses {
  'secrets:status': SecretsStatus;
  'secrets:unlock': SecretsStatus;
  'profiles:list': Profile[];
  'visit:start': { readonly arrivedAfterId: number };
  'profiles:add': { profile: Profile | null; diagnosis: Diagnosis };
  'profiles:test': Diagnosis;
  'profiles:remove': boolean;
  'profiles:schedule': Profile;
  'profiles:health-settings': Profile;
  'sample:add': number;
  'sample:remove': number;
  'sample:status': boolean;
  'sync:start': SyncResult;
  'sync:cancel': boolean;
  'leads:query': LeadPage;
  'leads:facets': Facets;
  'leads:detail': LeadDetail | null;
  'leads:weekly': WeeklyCounts;
  'leads:triage': number;
  'views:list': View[];
  'views:save': View;
  'views:delete': boolean;
  'views:reorder': View[];
  'export:start': ExportOutcome;
  'export:cancel': boolean;
  'imports:add': ImportResult;
  'imports:list': ImportedFiles;
  'archive:info': ArchiveInfo;
  'archive:backup': BackupOutcome;
  'archive:check': ArchiveCheck;
}

/** Where a backup went: the file the user chose (desktop), or a link to download it (browser mode). */
export type BackupOutcome = (BackupResult & { readonly cancelled: false; readonly downloadUrl?: string }) | { readonly cancelled: true };

/** How a failed call comes back through either door: never a stack trace, never a secret. */
export interface ApiFailure {
  readonly kind: 'invalid-request' | 'failed';
  readonly message: string;
  /** For destination problems: the classified cause and what to do. */
  readonly problem?: { readonly code: string; readonly message: string; readonly fix: string };
}

export type ApiResult<C extends Channel> = { readonly ok: true; readonly value: Responses[C] } | { readonly ok: false; readonly error: ApiFailure };

// Every named function must call a channel of this contract.
void (METHODS satisfies Record<string, Channel>);

export type MethodName = keyof typeof METHODS;

/** Events of the desktop shell itself, not the core: a click on a new-lead notification. */
export type ShellEvent = { readonly type: 'app:open-lead'; readonly id: number } | { readonly type: 'app:show-new-leads' };
export type EventType = ServiceEvent['type'] | ShellEvent['type'];
export type EventOf<T extends EventType> = Extract<ServiceEvent | ShellEvent, { type: T }>;

/** What `window.leadInbox` offers (preload), and what the browser-mode client offers in its place. */
export type LeadInboxApi = {
  readonly [M in MethodName]: (request: RequestOf<(typeof METHODS)[M]>) => Promise<ApiResult<(typeof METHODS)[M]>>;
} & {
  /** Listens to core events; returns the function that stops listening. */
  on<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void;
};

