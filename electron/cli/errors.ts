/** Exit codes the CLI promises. */
export const EXIT = { ok: 0, failure: 1, usage: 2, destination: 3 } as const;

/** The user asked for something the command cannot do as asked: exit 2 with what is wrong. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly fix = 'See lead-inbox --help, or lead-inbox <command> --help for a command\'s options.',
  ) {
    super(message);
  }
}

/** A classified problem with a destination (or a credential): its cause and what to do, exit 3. */
export class ProblemError extends Error {
  constructor(readonly problem: { readonly code: string; readonly message: string; readonly fix: string }) {
    super(problem.message);
  }
}

/** A failure the command understands (a missing archive, an export folder): what happened and what to do, exit 1. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** Ends the command with this exit code, after it has said why. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface Report {
  readonly code: number;
  /** What goes to standard error. */
  readonly lines: readonly string[];
}

/**
 * The one place where any error a command meets becomes what the user reads and the exit code. No stack
 * trace unless LEAD_INBOX_DEBUG=1: an error nobody foresaw still gets a sentence and a way forward.
 */
export function reportError(error: unknown, debug: boolean): Report {
  if (error instanceof ExitCode) return { code: error.code, lines: [] };
  const commander = (error as { code?: string }).code;
  if (commander === 'commander.helpDisplayed' || commander === 'commander.version' || commander === 'commander.help') return { code: EXIT.ok, lines: [] };
  // Commander has already printed its message and the usage.
  if (commander?.startsWith('commander.')) return { code: EXIT.usage, lines: [] };
  const trace = debug && error instanceof Error && error.stack ? [error.stack] : [];
  if (error instanceof UsageError) return { code: EXIT.usage, lines: [`Problem (usage): ${error.message}`, `What to do: ${error.fix}`, ...trace] };
  if (error instanceof ProblemError) return { code: EXIT.destination, lines: [`Problem (${error.problem.code}): ${error.problem.message}`, `What to do: ${error.problem.fix}`, ...trace] };
  if (error instanceof CliFailure) return { code: EXIT.failure, lines: [`Problem: ${error.message}`, `What to do: ${error.fix}`, ...trace] };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: EXIT.failure,
    lines: [`Problem: ${message}`, `What to do: try again; if it happens again, run the same command with LEAD_INBOX_DEBUG=1 and report what it prints.`, ...trace],
  };
}
