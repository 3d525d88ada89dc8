import { createInterface } from 'node:readline';
import { createServer } from 'nice-grpc';
import { HealthDefinition } from '../proto/health-definition.js';
import { gracefulShutdown } from '../reactive/graceful-shutdown.js';
import { HealthRegistry } from '../registry/health-registry.js';
import { createHealthService } from '../nice-grpc/create-health-service.js';
import type { CommandIo } from './command-io.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { parseCommandFlags } from './parse-args.js';
import { SERVE_COMMANDS_HELP, parseServeCommand } from './serve-commands.js';
import { formatStatusLine, formatTable, parseSettableStatus } from './status-text.js';
import { createServerCredentials } from './tls-credentials.js';
import { quoteServiceName } from '../quote-service-name.js';

const FLAGS = {
  host: 'string',
  port: 'string',
  service: 'list',
  'tls-cert': 'string',
  'tls-key': 'string',
  'tls-client-ca': 'string',
  help: 'boolean',
  h: 'boolean',
} as const;

/** How long a graceful stop may take before open calls are cut. */
const SHUTDOWN_GRACE_MS = 5_000;

/** `livery-health serve --help`. */
export const SERVE_HELP = `Usage: livery-health serve [--host HOST] [--port PORT] [--service NAME=STATUS ...]

A standalone grpc.health.v1.Health server (Check, Watch, List). Prints one line when it
listens ("livery-health serve: listening on HOST:PORT (...)", with the real port, so
--port 0 works), then one line per status change: "<ISO time> <service> <STATUS>".
SIGINT / SIGTERM stop it gracefully: every service turns NOT_SERVING, watches end, in-flight
calls finish (at most ${SHUTDOWN_GRACE_MS / 1000}s), exit code 0. A second signal stops it at once
(exit code 130 after SIGINT, 143 after SIGTERM).

  --host HOST              the address to listen on (default 127.0.0.1), or a unix socket:
                           unix:/path/to.sock (or unix:relative.sock); no --port then
  --port PORT              the port (default 50051; 0 picks a free one)
  --service NAME=STATUS    an initial status, repeatable; STATUS is SERVING or NOT_SERVING,
                           "NAME" alone means NAME=SERVING, "=STATUS" sets the server's
                           own status "" (which starts SERVING)
  --tls-cert FILE          serve TLS with this certificate chain (PEM) ...
  --tls-key FILE           ... and this private key (PEM)
  --tls-client-ca FILE     (with --tls-cert) require client certificates signed by these CAs

${SERVE_COMMANDS_HELP}`;

// An error's message without the API prefix the registry gives it ("HealthRegistry.set(): ").
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^HealthRegistry\.\w+\(\): /, '');
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 50051;
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (specified: ${text})`);
  return Number(text);
}

function parseInitialStatus(text: string): [string, 'SERVING' | 'NOT_SERVING'] {
  const equals = text.lastIndexOf('=');
  if (equals === -1) return [text, 'SERVING'];
  const status = parseSettableStatus(text.slice(equals + 1));
  if (status === undefined) throw new UsageError(`--service ${text}: the status must be SERVING or NOT_SERVING`);
  return [text.slice(0, equals), status];
}

/**
 * `livery-health serve`: a health server whose statuses come from flags and stdin. Resolves
 * to the exit code once a signal has stopped it.
 */
export async function runServe(argv: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseCommandFlags(argv, FLAGS);
  if (flags === undefined) {
    io.out(SERVE_HELP);
    return ExitCode.OK;
  }
  const host = flags.host ?? '127.0.0.1';
  const unixSocket = host.startsWith('unix:');
  if (unixSocket && flags.port !== undefined) throw new UsageError(`--port does not apply to a unix socket (--host ${host})`);
  if (unixSocket && host.length === 'unix:'.length) throw new UsageError('--host unix: needs a path, as in unix:/run/health.sock');
  const port = parsePort(flags.port);
  const initial = (flags.service ?? []).map(parseInitialStatus);
  if (!flags['tls-cert'] !== !flags['tls-key']) throw new UsageError('--tls-cert and --tls-key go together');
  if (flags['tls-client-ca'] && !flags['tls-cert']) throw new UsageError('--tls-client-ca needs --tls-cert and --tls-key');
  const tls = flags['tls-cert'] && flags['tls-key']
    ? { cert: flags['tls-cert'], key: flags['tls-key'], ...(flags['tls-client-ca'] ? { clientCa: flags['tls-client-ca'] } : {}) }
    : undefined;
  const credentials = createServerCredentials(tls);

  const registry = new HealthRegistry();
  for (const [service, status] of initial) {
    try {
      registry.set(service, status);
    } catch (error) {
      // A name past the registry's limit: refused here, as a typed one is (see below).
      throw new UsageError(`--service ${quoteServiceName(service)}: ${reasonOf(error)}`);
    }
  }
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry));
  // NOTE: grpc-js listens on a unix socket for an address "unix:PATH", as it is (no port).
  const hostPart = unixSocket ? host : host.includes(':') ? `[${host}]` : host;
  const address = unixSocket ? host : `${hostPart}:${port}`;
  let boundPort: number;
  try {
    boundPort = await server.listen(address, credentials);
  } catch (error) {
    // grpc-js words it "No address added out of total 1 resolved errors: [listen EADDRINUSE ...]".
    const reason = error instanceof Error ? error.message : String(error);
    io.err(`error: cannot listen on ${address}: ${/\[(.*)\]$/.exec(reason)?.[1] ?? reason}`);
    return ExitCode.INVALID_ARGUMENTS;
  }
  const security = tls === undefined ? 'plaintext' : tls.clientCa === undefined ? 'TLS' : 'mutual TLS';
  const listening = unixSocket ? address : `${hostPart}:${boundPort}`;
  io.out(`livery-health serve: listening on ${listening} (${security}); type "<service> SERVING|NOT_SERVING" or "help"`);
  for (const [service, status] of registry.list()) io.out(formatStatusLine(new Date(), service, status));
  const changes = registry.changes().subscribe(({ service, status }) => io.out(formatStatusLine(new Date(), service, status)));

  const lines = createInterface({ input: io.stdin, terminal: false });
  lines.on('line', (line) => {
    try {
      const command = parseServeCommand(line);
      if (command.kind === 'set') registry.set(command.service, command.status);
      else if (command.kind === 'clear') registry.clear(command.service);
      else if (command.kind === 'shutdown') registry.shutdown();
      else if (command.kind === 'resume') registry.resume();
      else if (command.kind === 'list') io.out(formatTable([...registry.list()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
      else if (command.kind === 'help') io.out(SERVE_COMMANDS_HELP);
    } catch (error) {
      // NOTE: one line, and nothing registered: a name past the registry's limit is refused
      // here rather than held where no client could reach it.
      io.err(`error: ${reasonOf(error)}`);
    }
  });

  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.out('livery-health serve: shutting down');
  lines.close();
  // NOTE: the library's own drain, without a drain delay (nothing routes traffic by this
  // server's status) and without signal listeners of its own: main.ts turns the first signal
  // into io.signal, and exits at once on the second.
  await gracefulShutdown(server, registry, { signals: [], drainDelayMs: 0, timeoutMs: SHUTDOWN_GRACE_MS }).drain();
  changes.unsubscribe();
  io.out('livery-health serve: stopped');
  return ExitCode.OK;
}
