import type { HealthCheckResponse } from '../proto/health-messages.js';
import { CLIENT_FLAGS, CLIENT_FLAGS_HELP, describeClientOptions, readClientOptions } from './client-flags.js';
import { connect } from './connect.js';
import { callCheck } from './health-calls.js';
import type { CommandIo } from './command-io.js';
import { ExitCode } from './exit-codes.js';
import { formatGoDuration } from './go-duration.js';
import { parseCommandFlags } from './parse-args.js';
import { describeRpcFailure } from './report-rpc-failure.js';
import { toMetadata } from './rpc-headers.js';

const FLAGS = { ...CLIENT_FLAGS, service: 'string', help: 'boolean', h: 'boolean' } as const;

/** `livery-health check --help`. */
export const CHECK_HELP = `Usage: livery-health check -addr HOST:PORT [-service NAME] [flags]

Calls grpc.health.v1.Health/Check once, like grpc_health_probe (a drop-in for it): exits 0
when the service is SERVING. Messages go to stderr, as grpc_health_probe's do.

  -service NAME            the service to check (default "": the server as a whole)

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
  const options = readClientOptions(flags);
  const service = flags.service ?? '';
  if (options.verbose) describeClientOptions(options).forEach((line) => io.err(line));
  io.signal.addEventListener('abort', () => io.err('cancellation received'), { once: true });

  if (options.verbose) io.err('establishing connection');
  const connectStart = performance.now();
  const client = await connect(options, io.signal);
  const connectMs = performance.now() - connectStart;
  try {
    if (options.verbose) io.err(`connection established (took ${formatGoDuration(connectMs)})`);
    const rpcStart = performance.now();
    let response: HealthCheckResponse;
    try {
      response = await callCheck(client, service, toMetadata(options.rpcHeaders), options.rpcTimeoutMs, io.signal);
    } catch (error) {
      io.err(describeRpcFailure(error, 'Check', options.rpcTimeoutMs));
      return ExitCode.RPC_FAILURE;
    }
    const rpcMs = performance.now() - rpcStart;
    if (response.status !== 'SERVING') {
      io.err(`service unhealthy (responded with ${JSON.stringify(response.status)})`);
      return ExitCode.UNHEALTHY;
    }
    if (options.verbose) io.err(`time elapsed: connect=${formatGoDuration(connectMs)} rpc=${formatGoDuration(rpcMs)}`);
    io.err(`status: ${response.status}`);
    return ExitCode.OK;
  } finally {
    client.close();
  }
}
