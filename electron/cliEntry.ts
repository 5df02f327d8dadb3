/** The CLI bundle's entry (out/cli/lead-inbox.mjs): run the command line, exit with its code. */
import { main } from './cli';
import { reportError } from './cli/errors';

// A reader that stops early (`| head`, `| less` quit) closes the pipe: that ends the command quietly,
// as it does for any Unix tool, instead of a stack trace about EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// Whatever escapes a command still ends as a sentence, not a trace.
process.on('uncaughtException', (error) => {
  for (const line of reportError(error, process.env.LEAD_INBOX_DEBUG === '1').lines) process.stderr.write(`${line}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
