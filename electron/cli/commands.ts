/**
 * What each `lead-inbox` command does, over the one service every door uses. Loaded only when a command
 * runs, so `--help` and bad usage answer without loading the core.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { formatCount } from '../core/formatCount';
import { appDataDir, defaultArchivePath } from '../core/paths';
import { writeSampleJsonl } from '../core/sample';
import { KeyFileCipher, UnavailableCipher } from '../core/secrets';
import {
  ArchiveError,
  storageFailure,
  checkArchiveFile,
  checkDestinationRequest,
  CRM_PRESETS,
  CRM_TARGETS,
  diagnoseRequest,
  requestHealth,
  exportFormatFor,
  ExportTargetError,
  handOffSummary,
  isCrmTarget,
  openService,
  configureNetwork,
  networkFromEnvironment,
  ServiceError,
  type LeadInboxService,
  type ServiceEvent,
  type HealthWarning,
} from '../core/service';
import { openInBrowser, startBrowserMode } from './browserMode';
import { startDemo } from './demo';
import { destinationFromFlags, type DestinationFlags } from './destinationOptions';
import { CliFailure, EXIT, ExitCode, ProblemError, UsageError } from './errors';
import { queryFromFlags } from './leadQueryFlags';
import { progressReporter } from './progressLine';
import type { ExportFlags, QueryFlags } from './queryOptions';
import { HOT_SCORE } from '../core/leads/quality';

const n = formatCount;

/** Without --key-file the CLI saves no secret: the credential serves this run only. */
const noKeyFile = new UnavailableCipher('Pass --key-file to save or read a credential from the command line.');

// Every command reaches Azure the conventional way: HTTPS_PROXY / NO_PROXY, and NODE_EXTRA_CA_CERTS (Node's own).
configureNetwork(networkFromEnvironment(process.env));

/** Runs `use` on the service over the archive named by --db (default: the app's own, whose path is said). */
async function withService<T>(
  db: string | undefined,
  options: { keyFile?: string; emit?: (event: ServiceEvent) => void; mustExist?: boolean },
  use: (service: LeadInboxService) => Promise<T>,
): Promise<T> {
  const file = db ?? defaultArchivePath();
  if (!db) console.error(`Archive: ${file}`);
  let service: LeadInboxService;
  try {
    service = openService(file, { cipher: options.keyFile ? new KeyFileCipher(options.keyFile) : noKeyFile, emit: options.emit, leadIndex: false, mustExist: options.mustExist });
  } catch (error) {
    throw asCliError(error);
  }
  try {
    return await use(service);
  } catch (error) {
    throw asCliError(error);
  } finally {
    service.close();
  }
}

/** A classified problem keeps its cause and fix; any other service failure is said as it is. */
function asCliError(error: unknown): unknown {
  const storage = storageFailure(error);
  if (storage) return new CliFailure(storage.error.message, storage.fix);
  // Not the destination's fault (exit 3 says that): another program is syncing it into this archive.
  if (error instanceof ServiceError && error.problem?.code === 'syncing-elsewhere') return new CliFailure(error.problem.message, error.problem.fix);
  if (error instanceof ServiceError && error.problem) return new ProblemError(error.problem);
  if (error instanceof ArchiveError && error.code === 'missing') {
    return new CliFailure(error.message, `Check the --db path. The app's own archive is ${defaultArchivePath()}; a first \`lead-inbox sync\` creates it.`);
  }
  if (error instanceof ArchiveError) return new CliFailure(error.message, 'Choose another archive with --db; this file was not changed.');
  if (error instanceof ExportTargetError) return new CliFailure(error.message, 'Choose another --out, or create the folder first.');
  if (error instanceof RangeError) return new UsageError(error.message);
  return error;
}

function rethrowForCli<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asCliError(error);
  }
}

/** Stops `abort` on Ctrl+C while `run` is under way. */
async function stoppable<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    return await run(abort.signal);
  } finally {
    process.off('SIGINT', stop);
  }
}

export async function generate(options: { count: number; seed: number; from?: string; to?: string; out: string }): Promise<void> {
  const toStdout = options.out === '-';
  const out = toStdout ? process.stdout : createWriteStream(options.out);
  const written = await writeSampleJsonl(options, out);
  if (!toStdout) {
    out.end();
    await finished(out);
    console.error(`Wrote ${written} sample leads to ${options.out}`);
  }
}

/** A destination typed on the command line is checked before any file is touched. */
function checkedTarget(flags: DestinationFlags): ReturnType<typeof destinationFromFlags> {
  const target = destinationFromFlags(flags);
  const problem = 'request' in target ? checkDestinationRequest(target.request) : null;
  if (problem) throw new ProblemError(problem);
  return target;
}

export async function sync(flags: DestinationFlags): Promise<void> {
  const target = checkedTarget(flags);
  const progress = progressReporter();
  const emit = (event: ServiceEvent) => {
    if (event.type === 'sync:progress') progress.report(event.progress);
  };
  await withService(flags.db, { keyFile: flags.keyFile, emit, mustExist: 'savedId' in target }, async (service) => {
    const profile = 'savedId' in target ? savedProfile(service, target.savedId) : service.useDestination(target.request, { keepSecret: flags.keyFile !== undefined });
    console.error(`Destination: ${profile.name} [${profile.id}]${profile.hasSecret ? ' (secret saved encrypted)' : ''}`);
    try {
      const result = await stoppable((signal) => service.syncProfile(profile.id, { signal }));
      progress.done();
      console.log(
        `${result.cancelled ? 'Cancelled' : 'Synced'} (${result.mode}): ${n(result.inserted)} new, ${n(result.updated)} updated, ` +
          `${n(result.total)} in the archive for this destination, ${result.seconds.toFixed(1)} s.` +
          (result.cancelled ? ' Run the same command again to resume.' : ''),
      );
      for (const problem of result.problems) console.error(problem);
      for (const line of healthLines(service.listProfiles().find((p) => p.id === profile.id)?.health ?? [])) console.error(line);
      if (result.cancelled || result.problems.length > 0) throw new ExitCode(EXIT.failure);
    } finally {
      progress.done();
    }
  });
}

const clock = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Syncs one destination every `every` minutes until stopped. Standard output gets one line per new real
 * lead (tab-separated, or JSON with --json) so a script can act on each; what happens to the syncs goes
 * to standard error.
 */
export async function watch(flags: DestinationFlags & { every: number; json?: boolean }): Promise<void> {
  const target = checkedTarget(flags);
  const events: ServiceEvent[] = [];
  let onEvent: (event: ServiceEvent) => void = (event) => events.push(event);
  await withService(flags.db, { keyFile: flags.keyFile, emit: (event) => onEvent(event), mustExist: 'savedId' in target }, async (service) => {
    const profile = 'savedId' in target ? savedProfile(service, target.savedId) : service.useDestination(target.request, { keepSecret: flags.keyFile !== undefined });
    let seen = service.lastLeadId();
    // The first copy of a destination is its whole history, not arrivals: it is summed up, not listed.
    let copiedBefore = profile.lastSyncAt !== null;
    const next = () => {
      const at = service.listProfiles().find((p) => p.id === profile.id)?.schedule.nextSyncAt;
      return at ? `; next sync ${clock(at)}` : '';
    };
    onEvent = (event) => {
      if (event.type === 'sync:finished' && event.result.destinationId === profile.id) {
        const arrived = service.realLeadsAddedAfter(profile.id, seen);
        seen = service.lastLeadId();
        if (!copiedBefore && !event.result.cancelled) {
          copiedBefore = true;
          console.error(`${clock(new Date().toISOString())} first copy: ${n(event.result.total)} leads in the archive for this destination; from now on each new real lead is printed${next()}`);
          return;
        }
        for (const lead of arrived) {
          const name = `${lead.firstName} ${lead.lastName}`.trim();
          console.log(flags.json ? JSON.stringify(lead) : [clock(lead.receivedAt), name, lead.email, lead.offer].join('\t'));
        }
        const { result } = event;
        console.error(`${clock(new Date().toISOString())} synced: ${n(arrived.length)} new real ${arrived.length === 1 ? 'lead' : 'leads'} (${n(result.inserted)} new, ${n(result.updated)} updated)${next()}`);
        for (const problem of result.problems) console.error(problem);
      } else if (event.type === 'sync:failed' && event.destinationId === profile.id) {
        console.error(`${clock(new Date().toISOString())} sync failed: ${event.problem.message} What to do: ${event.problem.fix}${next()}`);
      }
    };
    // Health is said at the start and again whenever it changes, not after every sync.
    let saidHealth = '';
    const sayHealth = () => {
      const lines = healthLines(service.listProfiles().find((p) => p.id === profile.id)?.health ?? []);
      const now = lines.join('\n');
      if (now === saidHealth) return;
      for (const line of lines.length > 0 ? lines : ['Health: all well again.']) console.error(line);
      saidHealth = now;
    };
    const report = onEvent;
    onEvent = (event) => {
      report(event);
      if ((event.type === 'sync:finished' && event.result.destinationId === profile.id) || (event.type === 'sync:failed' && event.destinationId === profile.id)) sayHealth();
    };
    for (const event of events.splice(0)) onEvent(event);
    console.error(`Watching ${profile.name} [${profile.id}]: a sync every ${flags.every} ${flags.every === 1 ? 'minute' : 'minutes'}. Press Ctrl+C to stop.`);
    sayHealth();
    service.startBackgroundSync({ only: profile.id, everyMinutes: flags.every });
    await untilStopped();
  });
}

function savedProfile(service: LeadInboxService, id: string) {
  const profile = service.listProfiles().find((p) => p.id === id);
  if (!profile) throw new UsageError(`No saved destination "${id}" in this archive.`);
  if (!profile.hasSecret) throw new UsageError(`No secret is saved for "${id}". Give its connection string or SAS again, with --key-file.`);
  return profile;
}

export async function testConnection(flags: DestinationFlags): Promise<void> {
  const target = checkedTarget(flags);
  const { diagnosis, health } =
    'savedId' in target
      ? await withService(flags.db, { keyFile: flags.keyFile, mustExist: true }, async (service) => {
          const profile = savedProfile(service, target.savedId);
          return { diagnosis: await service.testProfile(profile.id), health: service.listProfiles().find((p) => p.id === profile.id)!.health };
        })
      : { diagnosis: await diagnoseRequest(target.request), health: requestHealth(target.request) };
  if (!diagnosis.ok) throw new ProblemError(diagnosis.problem);
  console.log(`OK: ${diagnosis.message}`);
  for (const line of healthLines(health)) console.log(line);
}

/** A destination's health warnings, one line each with what to do. */
function healthLines(health: readonly HealthWarning[]): string[] {
  return health.map((warning) => `${warning.severity === 'problem' ? 'Problem' : 'Warning'}: ${warning.message} What to do: ${warning.fix}`);
}

export function list(flags: QueryFlags & { db?: string; limit: number; json?: boolean }): Promise<void> {
  return withService(flags.db, { mustExist: true }, async (service) => {
    const page = service.queryLeads(queryFromFlags(service.listViews(), flags), { limit: flags.limit });
    if (flags.json) {
      for (const row of page.rows) console.log(JSON.stringify(row));
    } else {
      for (const row of page.rows) {
        const name = `${row.firstName} ${row.lastName}`.trim() || '(no name)';
        const flagsText = [row.isTest ? 'TEST' : '', row.doNotContact ? 'DNC' : '', row.duplicates > 1 ? `dup×${row.duplicates}` : '', row.quality >= HOT_SCORE ? 'HOT' : ''].filter(Boolean).join(' ');
        console.log([row.receivedAt.slice(0, 16).replace('T', ' '), row.action.padEnd(5), name, `<${row.email}>`, row.company, row.offer, row.status, `quality ${row.quality}`, flagsText].filter(Boolean).join('  '));
      }
    }
    console.error(`${n(page.rows.length)} of ${n(page.total)} matching leads shown.`);
  });
}

export function exportLeads(flags: ExportFlags): Promise<void> {
  if (flags.columns !== 'default' && flags.columns !== 'all') throw new UsageError('--columns is default or all.');
  const columns = flags.columns;
  const target = flags.for?.toLowerCase();
  if (target !== undefined && !isCrmTarget(target)) throw new UsageError(`--for is one of ${CRM_TARGETS.join(', ')}.`);
  if (!target && (flags.includeDoNotContact || flags.includeNoPersonalData)) throw new UsageError('--include-do-not-contact and --include-no-personal-data go with --for.');
  if (target && columns !== 'default') throw new UsageError('--columns does not go with --for: a CRM hand-off has the CRM\'s own columns.');
  const format = rethrowForCli(() => exportFormatFor(flags.out));
  if (target && format !== 'csv') throw new UsageError(`A hand-off for ${CRM_PRESETS[target].label} is a CSV file: name --out .csv.`);
  const handOff = target
    ? { target, include: { test: flags.includeTest || flags.all, doNotContact: flags.includeDoNotContact || flags.all, noPersonalData: flags.includeNoPersonalData || flags.all } }
    : undefined;
  const emit = (event: ServiceEvent) => {
    if (event.type === 'export:progress') process.stderr.write(`exported ${n(event.rows)} of ${n(event.total)}\n`);
  };
  return withService(flags.db, { emit, mustExist: true }, async (service) => {
    const query = queryFromFlags(service.listViews(), flags);
    const exportId = 'cli';
    const result = await stoppable((signal) => {
      signal.addEventListener('abort', () => service.cancelExport(exportId));
      return service.exportLeads({ exportId, query, file: flags.out, format, columns, bom: flags.bom, handOff });
    });
    if (result.cancelled) {
      console.error('Export cancelled; no file was written.');
      throw new ExitCode(EXIT.failure);
    }
    const notes = result.handOff ? handOffSummary(result.handOff, result.files, 'cli') : [];
    if (flags.json) {
      console.log(JSON.stringify({ ...result, ...(notes.length > 0 ? { notes } : {}) }));
      return;
    }
    const where = result.files.length === 1 ? result.files[0] : `${result.files.length} files: ${result.files.join(', ')}`;
    const what = result.handOff ? ` for ${result.handOff.label}` : `, ${result.columns.length} columns,`;
    console.log(`Exported ${n(result.rows)} leads${what} to ${where} in ${result.seconds.toFixed(1)} s.`);
    for (const note of notes) console.log(note);
  });
}

export function importFiles(paths: readonly string[], flags: { db?: string; json?: boolean }): Promise<void> {
  return withService(flags.db, {}, async (service) => {
    const result = service.importFiles(paths);
    const failed = result.files.some((file) => file.problems.length > 0);
    if (flags.json) console.log(JSON.stringify(result));
    else {
      for (const file of result.files) {
        if (file.leads > 0) {
          const already = file.unchanged + file.updated;
          console.log(`${file.name}: ${n(file.leads)} ${file.leads === 1 ? 'lead' : 'leads'} (${n(file.inserted)} new${already > 0 ? `, ${n(already)} already in the archive` : ''}).`);
        }
        for (const problem of file.problems) console.error(`${file.name}${problem.line ? `, line ${problem.line}` : ''}: ${problem.message}`);
        if (file.unrecognisedColumns.length > 0) console.log(`${file.name}: columns kept as they are (no lead field matched them): ${file.unrecognisedColumns.join(', ')}.`);
      }
      console.log(
        `Imported files: ${n(result.inserted)} new, ${n(result.updated)} updated, ${n(result.unchanged)} unchanged; ${n(result.total)} imported leads in the archive. ` +
          'See them with: lead-inbox list --destination imported',
      );
    }
    // Everything readable was imported; a broken file or line still makes a script notice.
    if (failed) throw new ExitCode(EXIT.failure);
  });
}

export function backup(flags: { db?: string; out: string; includeSecrets?: boolean; json?: boolean }): Promise<void> {
  return withService(flags.db, { mustExist: true }, async (service) => {
    let shown = -1;
    const unsubscribe = service.subscribe((event) => {
      if (event.type !== 'backup:progress' || event.total === 0) return;
      const percent = Math.floor((event.copied / event.total) * 100);
      if (percent >= shown + 10 || (percent === 100 && shown !== 100)) {
        shown = percent;
        console.error(`Backing up: ${percent}%`);
      }
    });
    try {
      const result = await service.backupArchive({ file: flags.out, includeSecrets: flags.includeSecrets });
      if (flags.json) console.log(JSON.stringify(result));
      else {
        console.log(`Backed up ${n(result.leads)} leads to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB), checked.`);
        console.log(
          result.secretsKept
            ? 'Saved credentials are in the backup, encrypted with this computer\'s key: on another computer, add them again.'
            : 'Saved credentials were left out (--include-secrets keeps them): after a restore, add them again.',
        );
      }
    } finally {
      unsubscribe();
    }
  });
}

/** Checks an archive without opening it for writing: never migrated, never changed. Exit 0 only when sound. */
export async function check(flags: { db?: string; json?: boolean }): Promise<void> {
  const file = flags.db ?? defaultArchivePath();
  if (!flags.db) console.error(`Archive: ${file}`);
  const result = checkArchiveFile(file);
  if (flags.json) console.log(JSON.stringify(result));
  else {
    for (const problem of result.problems) console.error(`Problem: ${problem}`);
    for (const note of result.notes) console.log(note);
    if (result.sound) {
      console.log(`Sound: ${n(result.leads)} leads, ${n(result.triaged)} with triage, ${n(result.savedViews)} saved views, ${(result.bytes / 1e6).toFixed(1)} MB (schema ${result.schemaVersion}).`);
      for (const destination of result.destinations) {
        const synced = destination.lastSyncAt ? `, last synced ${destination.lastSyncAt}` : '';
        console.log(`  ${destination.name ?? destination.destinationId}: ${n(destination.leads)} leads (${n(destination.testLeads)} test)${synced}`);
      }
    }
  }
  if (!result.sound) throw new ExitCode(EXIT.failure);
}

export function serve(flags: { db?: string; port?: number; keyFile?: string; open?: boolean }): Promise<void> {
  const keyFile = flags.keyFile ?? join(appDataDir(), 'lead-inbox.key');
  const file = flags.db ?? defaultArchivePath();
  if (!flags.db) console.error(`Archive: ${file}`);
  const service = openService(file, { cipher: new KeyFileCipher(keyFile) });
  return startBrowserMode(service, { port: flags.port }).then(
    async (mode) => {
      console.error(`Credentials are encrypted with ${keyFile}.`);
      // Like the desktop app: every saved destination syncs now and then on its own schedule.
      service.startBackgroundSync();
      console.log(`Lead Inbox is open at ${mode.server.url}`);
      console.error('Press Ctrl+C to stop.');
      if (flags.open) openInBrowser(mode.server.url);
      await untilStopped();
      await mode.close();
    },
    (error: unknown) => {
      service.close();
      throw error;
    },
  );
}

export async function demo(flags: { count: number; port?: number; open?: boolean }): Promise<void> {
  const started = await startDemo({ count: flags.count, port: flags.port });
  console.log(`Lead Inbox demo is open at ${started.url}`);
  console.error('Press Ctrl+C to stop; everything the demo started is then stopped and removed.');
  if (flags.open) openInBrowser(started.url);
  await untilStopped();
  await started.stop();
}

/** Resolves on Ctrl+C or a termination request, so the caller can stop what it started. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
