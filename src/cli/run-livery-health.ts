import type { CommandIo } from './command-io.js';
import { ConnectionError, CredentialsError, ExitCode, UsageError } from './exit-codes.js';

type Command = (argv: readonly string[], io: CommandIo) => Promise<number>;

// NOTE: loaded on demand: a probe runs every few seconds, and only `serve` needs the server
// side (nice-grpc, RxJS); starting faster is worth a dynamic import.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.js')).runServe,
  check: async () => (await import('./check.js')).runCheck,
  watch: async () => (await import('./watch.js')).runWatch,
  list: async () => (await import('./list.js')).runList,
};

const HELP = `Usage: livery-health <command> [flags]
       livery-health -addr HOST:PORT [flags]     (no command: check, as grpc_health_probe)

Commands:
  serve    a standalone gRPC health server; statuses from flags and stdin
  check    one Health/Check, a drop-in for grpc_health_probe (exit 0 when SERVING)
  watch    print every status change of a service, with timestamps
  list     print every registered service (a table, or -json)

Run "livery-health <command> --help" for its flags; "livery-health -version" prints the version.
Flags take one or two dashes.
Exit codes: 0 ok, 1 invalid arguments, 2 connection failure, 3 RPC failure, 4 not SERVING.`;

/**
 * Runs `livery-health` with `argv` (without node and the script): picks the subcommand and
 * turns the errors that commands throw into grpc_health_probe's exit codes. Resolves to the
 * exit code; `main.ts` binds it to the process.
 */
export async function runLiveryHealth(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || ['help', '-h', '-help', '--help'].includes(name)) {
    (name === undefined ? io.err : io.out)(HELP);
    return name === undefined ? ExitCode.INVALID_ARGUMENTS : ExitCode.OK;
  }
  // NOTE: flags first and no command is grpc_health_probe's command line: check it, so that
  // this binary can replace grpc_health_probe by name in probes written for it.
  if (name.startsWith('-')) return run(COMMANDS.check!, argv, io);
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    io.err(`error: unknown command ${JSON.stringify(name)}; the commands are serve, check, watch and list`);
    return ExitCode.INVALID_ARGUMENTS;
  }
  return run(load, rest, io);
}

/** Loads and runs a command; the errors it throws become exit codes and messages. */
async function run(load: () => Promise<Command>, argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await (await load())(argv, io);
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
