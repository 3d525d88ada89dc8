import { CLIENT_FLAGS, CLIENT_FLAGS_HELP, describeClientOptions, readClientOptions } from './client-flags.js';
import type { CommandIo } from './command-io.js';
import { connect } from './connect.js';
import { ExitCode } from './exit-codes.js';
import { callList } from './health-calls.js';
import { parseCommandFlags } from './parse-args.js';
import { describeRpcFailure } from './report-rpc-failure.js';
import { toMetadata } from './rpc-headers.js';
import { formatTable } from './status-text.js';

const FLAGS = { ...CLIENT_FLAGS, json: 'boolean', help: 'boolean', h: 'boolean' } as const;

/** `livery-health list --help`. */
export const LIST_HELP = `Usage: livery-health list -addr HOST:PORT [-json] [flags]

Calls grpc.health.v1.Health/List and prints every registered service and its status, sorted
by name: a table, or with -json one JSON object {"<service>": "<STATUS>", ...}.

  -json                    print JSON instead of a table

${CLIENT_FLAGS_HELP}

Exit codes: 0 listed, 1 invalid arguments, 2 connection failure, 3 RPC failure (for example
UNIMPLEMENTED from a server without List, or RESOURCE_EXHAUSTED past its limit).`;

/** `livery-health list`: one List call, printed. Resolves to the exit code. */
export async function runList(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseCommandFlags(argv, FLAGS);
  if (flags === undefined) {
    io.out(LIST_HELP);
    return ExitCode.OK;
  }
  const options = readClientOptions(flags);
  if (options.verbose) describeClientOptions(options).forEach((line) => io.err(line));

  const client = await connect(options, io.signal);
  try {
    let statuses;
    try {
      ({ statuses } = await callList(client, toMetadata(options.rpcHeaders), options.rpcTimeoutMs, io.signal));
    } catch (error) {
      io.err(describeRpcFailure(error, 'List', options.rpcTimeoutMs));
      return ExitCode.RPC_FAILURE;
    }
    const rows = Object.keys(statuses)
      .sort()
      .map((service) => [service, statuses[service]!.status] as const);
    io.out(flags.json ? JSON.stringify(Object.fromEntries(rows), null, 2) : formatTable(rows));
    return ExitCode.OK;
  } finally {
    client.close();
  }
}
