#!/usr/bin/env node
// The `livery-health` command: picks the subcommand, binds it to the process, and turns the
// errors that commands throw into grpc_health_probe's exit codes.
import { runCheck } from './check.js';
import type { CommandIo } from './command-io.js';
import { ConnectionError } from './connect.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { runList } from './list.js';
import { runServe } from './serve.js';
import { CredentialsError } from './tls-credentials.js';
import { runWatch } from './watch.js';

const COMMANDS: Record<string, (argv: readonly string[], io: CommandIo) => Promise<number>> = {
  serve: runServe,
  check: runCheck,
  watch: runWatch,
  list: runList,
};

const HELP = `Usage: livery-health <command> [flags]

Commands:
  serve    a standalone gRPC health server; statuses from flags and stdin
  check    one Health/Check, a drop-in for grpc_health_probe (exit 0 when SERVING)
  watch    print every status change of a service, with timestamps
  list     print every registered service (a table, or -json)

Run "livery-health <command> --help" for its flags. Flags take one or two dashes.
Exit codes: 0 ok, 1 invalid arguments, 2 connection failure, 3 RPC failure, 4 not SERVING.`;

/** Runs `livery-health` with `argv` (without node and the script). Resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || ['help', '-h', '-help', '--help'].includes(name)) {
    (name === undefined ? io.err : io.out)(HELP);
    return name === undefined ? ExitCode.INVALID_ARGUMENTS : ExitCode.OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.err(`error: unknown command ${JSON.stringify(name)}; the commands are serve, check, watch and list`);
    return ExitCode.INVALID_ARGUMENTS;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return ExitCode.INVALID_ARGUMENTS;
    }
    if (error instanceof CredentialsError) {
      io.err(`failed to initialize tls credentials. error=${error.message}`);
      return ExitCode.INVALID_ARGUMENTS;
    }
    if (error instanceof ConnectionError) {
      io.err(error.message);
      return ExitCode.CONNECTION_FAILURE;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.INVALID_ARGUMENTS;
  }
}

const stop = new AbortController();
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal means "now": skip whatever graceful work is still running.
    if (++signals > 1) process.exit(130);
    stop.abort();
  });
}
const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
  signal: stop.signal,
};
// NOTE: exit explicitly: a grpc-js channel or stdin can keep the event loop alive after the
// command is done. Writes to pipes and files are synchronous on Linux, so nothing is lost.
main(process.argv.slice(2), io).then((code) => process.exit(code));
