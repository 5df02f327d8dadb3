/**
 * A destination as the user typed it, judged before anything is saved: built, checked from its text alone,
 * its health told, tested against Azure. The CLI and the window's forms use these; the service saves.
 */
import { testConnection, type Diagnosis } from './azure/diagnose';
import { destinationFromRequest, resolveAccess, type Destination, type DestinationRequest } from './azure/destination';
import { DestinationProblem, type Problem } from './azure/problems';
import { destinationHealth, type HealthWarning } from './destinationHealth';
import { formatFor, type ExportFormat } from './export';

/** Builds a destination from what the user typed; a malformed request becomes its classified problem. */
export function buildDestination(request: DestinationRequest): { destination: Destination; secret: string } | { problem: Problem } {
  try {
    return destinationFromRequest(request);
  } catch (error) {
    if (error instanceof DestinationProblem) return { problem: error.problem };
    throw error;
  }
}

/** When the SAS a destination is read with expires, if it is read with one that says. */
export function sasExpiry(destination: Destination, secret: string): string | null {
  try {
    const { credential } = resolveAccess(destination, secret);
    return credential.kind === 'sas' ? (credential.sas.expiresOn?.toISOString() ?? null) : null;
  } catch {
    // A secret that no longer parses is reported by the sync that uses it.
    return null;
  }
}

/** What is wrong with a destination the user typed, judged from the text alone (no network, no files). */
export function checkDestinationRequest(request: DestinationRequest): Problem | null {
  const built = buildDestination(request);
  return 'problem' in built ? built.problem : null;
}

/** What can be told of a typed destination's health without an archive: whether its SAS expires soon. */
export function requestHealth(request: DestinationRequest): HealthWarning[] {
  const built = buildDestination(request);
  if ('problem' in built) return [];
  return destinationHealth({
    sasExpiresOn: sasExpiry(built.destination, built.secret),
    newestLeadAt: null,
    newestTestLeadAt: null,
    addedAt: null,
    quietDays: 0,
    offerChangedAt: null,
    failures: 0,
    lastProblem: null,
  });
}

/** Checks a destination the user typed, reading nothing local and saving nothing. */
export async function diagnoseRequest(request: DestinationRequest): Promise<Diagnosis> {
  const built = buildDestination(request);
  if ('problem' in built) return { ok: false, problem: built.problem };
  return testConnection(built.destination, built.secret);
}

/** The export format a file name asks for, or a RangeError that says how to name it. */
export function exportFormatFor(file: string): ExportFormat {
  return formatFor(file);
}

