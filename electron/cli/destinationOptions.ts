import type { Command } from 'commander';
import type { DestinationRequest } from '../core/service';
import { UsageError } from './errors';

export interface DestinationFlags {
  connectionString?: string;
  sasUrl?: string;
  account?: string;
  keyEnv?: string;
  tableEndpoint?: string;
  blobEndpoint?: string;
  endpointSuffix?: string;
  table?: string;
  container?: string;
  prefix?: string;
  destination?: string;
  keyFile?: string;
  name?: string;
  db?: string;
}

/** The options every command that reaches a destination takes. */
export function addDestinationOptions(command: Command): Command {
  return command
    .option('--connection-string <cs>', 'storage account connection string (default: $AZURE_STORAGE_CONNECTION_STRING)')
    .option('--sas-url <url>', 'SAS URL of the account, table or container, with Read and List rights')
    .option('--account <name>', 'storage account name (with --key-env)')
    .option('--key-env <VAR>', 'environment variable that holds the account key (with --account)')
    .option('--table-endpoint <url>', 'table endpoint, when not the public cloud\'s (with --account)')
    .option('--blob-endpoint <url>', 'blob endpoint, when not the public cloud\'s (with --account)')
    .option('--endpoint-suffix <suffix>', 'endpoint suffix for sovereign clouds (with --account)')
    .option('--table <name>', 'table name', 'MarketplaceLeads')
    .option('--container <name>', 'legacy Blob destination: the container holding the lead CSV files')
    .option('--prefix <prefix>', 'legacy Blob destination: only blobs under this prefix')
    .option('--destination <id>', 'a saved destination (its secret is read with --key-file)')
    .option('--key-file <file>', 'encrypt and save the secret with this key file (created if missing), or read a saved one')
    .option('--name <name>', 'a name for the destination');
}

function accountKeyFrom(flags: DestinationFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.account === undefined && flags.keyEnv === undefined) return undefined;
  if (!flags.account || !flags.keyEnv) throw new UsageError('--account and --key-env go together.');
  const key = env[flags.keyEnv];
  if (!key) throw new UsageError(`The environment variable ${flags.keyEnv} (from --key-env) is not set.`);
  return key;
}

/**
 * What the flags say about the destination: a saved one by id, or one given in full, which the service
 * builds and checks exactly as it does for the window's "Add destination" form.
 */
export function destinationFromFlags(flags: DestinationFlags, env: NodeJS.ProcessEnv = process.env): { savedId: string } | { request: DestinationRequest } {
  const accountKey = accountKeyFrom(flags, env);
  const given = [flags.connectionString !== undefined, flags.sasUrl !== undefined, accountKey !== undefined].filter(Boolean).length;
  if (given > 1) throw new UsageError('Give only one of --connection-string, --sas-url, or --account with --key-env.');
  if (flags.destination && given === 0) {
    if (!flags.keyFile) throw new UsageError('--destination needs --key-file to read the saved secret.');
    return { savedId: flags.destination };
  }
  const connectionString = given === 0 ? env.AZURE_STORAGE_CONNECTION_STRING : flags.connectionString;
  if (given === 0 && !connectionString) {
    throw new UsageError('Say how to reach the storage account: --connection-string, --sas-url, or --account with --key-env (or set AZURE_STORAGE_CONNECTION_STRING).');
  }
  return {
    request: {
      kind: flags.container !== undefined ? 'blob' : 'table',
      connectionString,
      sasUrl: flags.sasUrl,
      accountName: accountKey !== undefined ? flags.account : undefined,
      accountKey,
      tableEndpoint: flags.tableEndpoint,
      blobEndpoint: flags.blobEndpoint,
      endpointSuffix: flags.endpointSuffix,
      tableName: flags.table,
      container: flags.container,
      prefix: flags.prefix,
      name: flags.name,
    },
  };
}
