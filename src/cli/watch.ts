import { HealthWatchRun } from '../remote/health-watch-run.js';
import type { RemoteHealthError } from '../remote/remote-health-error.js';
import { watchHealthSettings } from '../remote/watch-health-options.js';
import { isServingStatus, type ServingStatus } from '../serving-status.js';
import { CLIENT_FLAGS, CLIENT_FLAGS_HELP, describeClientOptions, readClientOptions, type ClientOptions } from './client-flags.js';
import type { CommandIo } from './command-io.js';
import { connect, type GrpcChannel } from './connect.js';
import { Status } from './grpc-status.js';
import { ConnectionError, ExitCode, UsageError } from './exit-codes.js';
import { parseGoDuration } from './go-duration.js';
import { parseCommandFlags } from './parse-args.js';
import { RedialingTarget } from './redialing-target.js';
import { describeRpcFailure } from './report-rpc-failure.js';
import { toMetadata } from './rpc-headers.js';
import { displayServiceName, formatStatusLine } from './status-text.js';
import { MAX_TIMER_MS } from '../timer-limit.js';

const FLAGS = {
  ...CLIENT_FLAGS,
  addr: 'list',
  service: 'list',
  count: 'string',
  timeout: 'string',
  until: 'string',
  json: 'boolean',
  reconnect: 'boolean',
  help: 'boolean',
  h: 'boolean',
} as const;

/** `livery-health watch --help`. */
export const WATCH_HELP = `Usage: livery-health watch -addr HOST:PORT [-addr ...] [-service NAME ...] [flags]

Calls grpc.health.v1.Health/Watch and prints every status it receives, one line each:
"<ISO time> <service> <STATUS>" (the server's own name "" is printed as ""), until
interrupted (Ctrl-C), the server ends the stream, or a limit below is reached. With several
-addr, every service is watched on every server and each line names its server:
"<ISO time> <addr> <service> <STATUS>".

  -addr HOST:PORT          a server to watch; repeatable (a small fleet)
  -service NAME            a service to watch; repeatable (default "": the server as a whole)
  -reconnect               keep watching through failures, as gRPC's client-side health
                           checking does: a server that is down or ends the stream shows
                           NOT_SERVING and is called again with backoff (1s, x1.6, up to 2m);
                           failures go to stderr, the same one once. Without it, the first
                           failure ends the watch (exit 3) and each server must be reached
                           within -connect-timeout (exit 2).
  -count N                 stop after N lines
  -timeout DUR             stop after this long (Go duration: 500ms, 10s, 1m)
  -until STATUS            stop as soon as every watched service is STATUS (exit 0); if
                           anything else stops the watch first, exit 4
  -json                    print JSON lines: {"time":...,"addr":...,"service":...,"status":...}

${CLIENT_FLAGS_HELP}
(-rpc-timeout does not apply: a watch has no deadline; use -timeout.)

Exit codes: 0 stopped as asked, 1 invalid arguments, 2 connection failure, 3 RPC failure (a
server without the health service, even with -reconnect), 4 -until was given and not reached.`;

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

/**
 * Connects to every server at once. Without -reconnect any failure is the command's (exit 2,
 * the first server's in the order given); with it, a server that cannot be reached is only
 * down for now: its runs report that failure and dial again with backoff.
 */
async function connectAll(targets: ClientOptions[], reconnect: boolean, signal: AbortSignal): Promise<Array<GrpcChannel | Error>> {
  const opened = await Promise.allSettled(targets.map((target) => connect(target, signal)));
  const fatal = opened.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected' && !(reconnect && result.reason instanceof ConnectionError),
  );
  if (fatal === undefined) return opened.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error)));
  for (const result of opened) if (result.status === 'fulfilled') result.value.close();
  throw fatal.reason;
}

/** `livery-health watch`: prints status changes until stopped. Resolves to the exit code. */
export async function runWatch(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseCommandFlags(argv, FLAGS);
  if (flags === undefined) {
    io.out(WATCH_HELP);
    return ExitCode.OK;
  }
  const addrs = [...new Set(flags.addr ?? [])];
  const targets = (addrs.length === 0 ? [undefined] : addrs).map((addr) => readClientOptions({ ...flags, addr }));
  const services = [...new Set(flags.service ?? [''])];
  const count = parseCount(flags.count);
  const timeoutMs = flags.timeout === undefined ? undefined : parseGoDuration(flags.timeout, 'timeout');
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`-timeout must be greater than zero (specified: ${flags.timeout})`);
  const until = parseUntil(flags.until);
  const reconnect = flags.reconnect === true;
  const options = targets[0]!;
  if (options.verbose) describeClientOptions(options).forEach((line) => io.err(line));

  const metadata = toMetadata(options.rpcHeaders);
  const channels = await connectAll(targets, reconnect, io.signal);
  const servers = targets.map((target, t) => new RedialingTarget(target, metadata, channels[t]!));
  const several = targets.length > 1;
  const runs: HealthWatchRun[] = [];
  let printed = 0;
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

    const latest: Array<ServingStatus | undefined> = [];
    let open = targets.length * services.length;
    targets.forEach(({ addr }, t) => {
      for (const service of services) {
        const index = latest.push(undefined) - 1;
        const where = several ? ` at ${addr}` : '';
        let lastFailure = '';
        let run: HealthWatchRun | undefined;
        const onFailure = (failure: RemoteHealthError) => {
          if (finished || failure.code === Status.UNIMPLEMENTED) return; // `error` below reports it
          const line =
            failure.code === Status.OK
              ? `the server ended the watch of ${displayServiceName(service)}${where}${reconnect ? '; watching again' : ''}`
              : `${describeRpcFailure(failure, 'Watch', 0)}${several || reconnect ? ` (${addr} ${displayServiceName(service)})` : ''}`;
          if (reconnect) {
            if (line !== lastFailure) io.err(line); // the same failure attempt after attempt is said once
            lastFailure = line;
          } else {
            io.err(line);
            if (failure.code !== Status.OK) finish(ExitCode.RPC_FAILURE);
            else {
              run?.stop(); // this one is over; the others go on
              if (--open === 0) stopped();
            }
          }
        };
        // The same run as watchHealth()'s (A17's backoff, NOT_SERVING while down), over the CLI's own client.
        run = new HealthWatchRun(servers[t]!.connection(), service, watchHealthSettings({ whenUnimplemented: 'ERROR', onFailure }), {
          next: (status) => {
            if (finished) return;
            lastFailure = '';
            const time = new Date();
            io.out(
              flags.json
                ? JSON.stringify({ time: time.toISOString(), addr, service, status })
                : formatStatusLine(time, service, status, several ? addr : undefined),
            );
            latest[index] = status;
            printed++;
            if (until !== undefined && latest.every((seen) => seen === until)) finish(ExitCode.OK);
            else if (count !== undefined && printed >= count) finish(until === undefined ? ExitCode.OK : ExitCode.UNHEALTHY);
          },
          error: (error) => {
            if (finished) return;
            io.err(`${describeRpcFailure(error, 'Watch', 0)}${several ? ` (${addr})` : ''}`);
            finish(ExitCode.RPC_FAILURE);
          },
          complete: () => {},
        });
        runs.push(run);
      }
    });
    // Started once all are set up: a run may report at once, and -until looks at them all.
    for (const run of runs) run.start();
  });

  clearTimeout(timer);
  io.signal.removeEventListener('abort', onAbort);
  for (const run of runs) run.stop();
  for (const server of servers) server.close();
  return code;
}
