/** The CLI bundle's entry (out/cli/lead-inbox.mjs): run the command line, exit with its code. */
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
