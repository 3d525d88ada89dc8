import type { HealthCheckResponse } from '../proto/health-messages.js';
import { isServingStatus, type ServingStatus } from '../serving-status.js';
import { CLIENT_FLAGS, CLIENT_FLAGS_HELP, describeClientOptions, readClientOptions } from './client-flags.js';
import type { CommandIo } from './command-io.js';
import { connect } from './connect.js';
import type { GrpcCall } from './grpc-call.js';
import { Status, type CallStatus } from './grpc-status.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { parseGoDuration } from './go-duration.js';
import { openWatch } from './health-calls.js';
import { parseCommandFlags } from './parse-args.js';
import { describeRpcFailure } from './report-rpc-failure.js';
import { toMetadata } from './rpc-headers.js';
import { displayServiceName, formatStatusLine } from './status-text.js';
import { MAX_TIMER_MS } from '../timer-limit.js';

const FLAGS = {
  ...CLIENT_FLAGS,
  service: 'list',
  count: 'string',
  timeout: 'string',
  until: 'string',
  json: 'boolean',
  help: 'boolean',
  h: 'boolean',
} as const;

/** `livery-health watch --help`. */
export const WATCH_HELP = `Usage: livery-health watch -addr HOST:PORT [-service NAME ...] [flags]

Calls grpc.health.v1.Health/Watch and prints every status it receives, one line each:
"<ISO time> <service> <STATUS>" (the server's own name "" is printed as ""), until
interrupted (Ctrl-C), the server ends the stream, or a limit below is reached.

  -service NAME            a service to watch; repeatable (default "": the server as a whole)
  -count N                 stop after N lines
  -timeout DUR             stop after this long (Go duration: 500ms, 10s, 1m)
  -until STATUS            stop as soon as every watched service is STATUS (exit 0); if
                           anything else stops the watch first, exit 4
  -json                    print JSON lines: {"time":...,"service":...,"status":...}

${CLIENT_FLAGS_HELP}
(-rpc-timeout does not apply: a watch has no deadline; use -timeout.)

Exit codes: 0 stopped as asked, 1 invalid arguments, 2 connection failure, 3 RPC failure,
4 -until was given and not reached.`;

function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`-count must be a positive integer (specified: ${text})`);
  return Number(text);
}

function parseUntil(text: string | undefined): ServingStatus | undefined {
  if (text === undefined) return undefined;
  const status = text.toUpperCase().replace(/-/g, '_');
  if (!isServingStatus(status)) throw new UsageError(`-until must be SERVING, NOT_SERVING, SERVICE_UNKNOWN or UNKNOWN (specified: ${text})`);
  return status;
}

/** `livery-health watch`: prints status changes until stopped. Resolves to the exit code. */
export async function runWatch(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseCommandFlags(argv, FLAGS);
  if (flags === undefined) {
    io.out(WATCH_HELP);
    return ExitCode.OK;
  }
  const options = readClientOptions(flags);
  const services = [...new Set(flags.service ?? [''])];
  const count = parseCount(flags.count);
  const timeoutMs = flags.timeout === undefined ? undefined : parseGoDuration(flags.timeout, 'timeout');
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`-timeout must be greater than zero (specified: ${flags.timeout})`);
  const until = parseUntil(flags.until);
  if (options.verbose) describeClientOptions(options).forEach((line) => io.err(line));

  const client = await connect(options, io.signal);
  const metadata = toMetadata(options.rpcHeaders);
  const calls: Array<GrpcCall<HealthCheckResponse>> = [];
  const latest = new Map<string, ServingStatus>();
  let printed = 0;
  let open = services.length;
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};

  const code = await new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      resolve(code);
    };
    const stopped = () => finish(until === undefined ? ExitCode.OK : ExitCode.UNHEALTHY);
    onAbort = stopped;
    io.signal.addEventListener('abort', onAbort, { once: true });
    if (io.signal.aborted) stopped();
    if (timeoutMs !== undefined) timer = setTimeout(stopped, Math.min(timeoutMs, MAX_TIMER_MS));

    for (const service of services) {
      const call = openWatch(client, service, metadata);
      calls.push(call);
      call.on('data', ({ status }: HealthCheckResponse) => {
        if (finished) return;
        const time = new Date();
        io.out(flags.json ? JSON.stringify({ time: time.toISOString(), service, status }) : formatStatusLine(time, service, status));
        latest.set(service, status);
        printed++;
        if (until !== undefined && services.every((name) => latest.get(name) === until)) finish(ExitCode.OK);
        else if (count !== undefined && printed >= count) finish(until === undefined ? ExitCode.OK : ExitCode.UNHEALTHY);
      });
      call.on('status', (status: CallStatus) => {
        if (finished) return;
        if (status.code !== Status.OK) {
          io.err(describeRpcFailure(status, 'Watch', 0));
          finish(ExitCode.RPC_FAILURE);
        } else {
          io.err(`the server ended the watch of ${displayServiceName(service)}`);
          if (--open === 0) stopped();
        }
      });
    }
  });

  clearTimeout(timer);
  io.signal.removeEventListener('abort', onAbort);
  for (const call of calls) call.cancel();
  client.close();
  return code;
}
