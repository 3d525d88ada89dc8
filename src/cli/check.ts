import type { HealthCheckResponse } from '../proto/health-messages.js';
import { CLIENT_FLAGS, CLIENT_FLAGS_HELP, describeClientOptions, readClientOptions } from './client-flags.js';
import { nowMs } from './clock.js';
import { connect } from './connect.js';
import { callCheck } from './health-calls.js';
import type { CommandIo } from './command-io.js';
import { ExitCode } from './exit-codes.js';
import { formatGoDuration } from './go-duration.js';
import { parseCommandFlags } from './parse-args.js';
import { describeRpcFailure } from './report-rpc-failure.js';
import { toMetadata } from './rpc-headers.js';
import { displayServiceName } from './status-text.js';
import { VERSION } from './version.js';

const FLAGS = { ...CLIENT_FLAGS, service: 'list', version: 'boolean', help: 'boolean', h: 'boolean' } as const;

/** `livery-health check --help`. */
export const CHECK_HELP = `Usage: livery-health [check] -addr HOST:PORT [-service NAME]... [flags]

Calls grpc.health.v1.Health/Check once, like grpc_health_probe (a drop-in for it): exits 0
when the service is SERVING. Messages go to stderr, as grpc_health_probe's do.

  -service NAME            the service to check (default "": the server as a whole). Repeat it
                           to check several at once: every one must be SERVING, and the exit
                           code and message are those of the worst (an extension of
                           grpc_health_probe; an RPC failure counts as worse than NOT_SERVING)
  -version                 print the version and exit

${CLIENT_FLAGS_HELP}

Exit codes: 0 SERVING, 1 invalid arguments, 2 connection failure, 3 RPC failure
(NOT_FOUND for an unknown service, timeout, UNIMPLEMENTED), 4 not SERVING.`;

/**
 * `livery-health check`: grpc_health_probe's behaviour, flags, messages and exit codes.
 * Resolves to the exit code.
 */
export async function runCheck(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseCommandFlags(argv, FLAGS);
  if (flags === undefined) {
    io.out(CHECK_HELP);
    return ExitCode.OK;
  }
  if (flags.version) {
    io.out(`livery-health ${VERSION}`);
    return ExitCode.OK;
  }
  const options = readClientOptions(flags);
  const services = flags.service ?? [''];
  if (options.verbose) describeClientOptions(options).forEach((line) => io.err(line));
  io.signal.addEventListener('abort', () => io.err('cancellation received'), { once: true });

  if (options.verbose) io.err('establishing connection');
  const connectStart = nowMs();
  const client = await connect(options, io.signal);
  const connectMs = nowMs() - connectStart;
  try {
    if (options.verbose) io.err(`connection established (took ${formatGoDuration(connectMs)})`);
    const rpcStart = nowMs();
    const metadata = toMetadata(options.rpcHeaders);
    // One call per service, side by side on the one connection.
    const outcomes = await Promise.all(
      services.map(async (service): Promise<Outcome> => {
        let response: HealthCheckResponse;
        try {
          response = await callCheck(client, service, metadata, options.rpcTimeoutMs, io.signal);
        } catch (error) {
          return { service, code: ExitCode.RPC_FAILURE, message: describeRpcFailure(error, 'Check', options.rpcTimeoutMs) };
        }
        if (response.status === 'SERVING') return { service, code: ExitCode.OK, message: `status: ${response.status}` };
        return { service, code: ExitCode.UNHEALTHY, message: `service unhealthy (responded with ${JSON.stringify(response.status)})` };
      }),
    );
    const rpcMs = nowMs() - rpcStart;
    const worst = worstOutcome(outcomes);
    if (worst.code !== ExitCode.OK) {
      io.err(services.length > 1 ? `${displayServiceName(worst.service)}: ${worst.message}` : worst.message);
      return worst.code;
    }
    if (options.verbose) io.err(`time elapsed: connect=${formatGoDuration(connectMs)} rpc=${formatGoDuration(rpcMs)}`);
    io.err(worst.message);
    return ExitCode.OK;
  } finally {
    client.close();
  }
}

/** How the Check of one service ended: its exit code and grpc_health_probe's line for it. */
interface Outcome {
  service: string;
  code: number;
  message: string;
}

/**
 * The outcome that decides a check of several services: the first failure with the lowest
 * non-zero exit code (an RPC failure, 3, is worse than a service that answered NOT_SERVING,
 * 4: it could not even answer), else the first outcome (all are SERVING).
 */
export function worstOutcome(outcomes: readonly Outcome[]): Outcome {
  const failures = outcomes.filter((outcome) => outcome.code !== ExitCode.OK);
  return failures.reduce((worst, outcome) => (outcome.code < worst.code ? outcome : worst), failures[0] ?? outcomes[0]!);
}
