/** Exit codes the CLI promises. */
export const EXIT = { ok: 0, failure: 1, usage: 2, destination: 3 } as const;

/** The user asked for something the command cannot do as asked: exit 2 with what is wrong. */
export class UsageError extends Error {}

/** A classified problem with a destination (or a credential): its cause and what to do, exit 3. */
export class ProblemError extends Error {
  constructor(readonly problem: { readonly code: string; readonly message: string; readonly fix: string }) {
    super(problem.message);
  }
}

/** Ends the command with this exit code, after it has said why. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
