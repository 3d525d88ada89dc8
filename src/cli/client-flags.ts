import { UsageError } from './exit-codes.js';
import { formatGoDuration, parseGoDuration } from './go-duration.js';
import type { FlagSpecs, FlagValues } from './parse-args.js';
import { parseRpcHeader, type RpcHeader } from './rpc-headers.js';

/** The connection flags of `check`, `watch` and `list`: grpc_health_probe's, same names. */
export const CLIENT_FLAGS = {
  addr: 'string',
  'connect-timeout': 'string',
  'rpc-timeout': 'string',
  tls: 'boolean',
  'tls-ca-cert': 'string',
  'tls-client-cert': 'string',
  'tls-client-key': 'string',
  'tls-no-verify': 'boolean',
  'tls-server-name': 'string',
  'user-agent': 'string',
  'rpc-header': 'list',
  v: 'boolean',
} as const satisfies FlagSpecs;

/** TLS settings from `-tls` and its companions. */
export interface TlsClientOptions {
  noVerify: boolean;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  serverName?: string;
}

/** Where and how a client command connects. */
export interface ClientOptions {
  /** As given with `-addr`. */
  addr: string;
  /** What grpc-js dials: `-addr` with `:port` meaning `localhost:port`, as in Go. */
  target: string;
  connectTimeoutMs: number;
  rpcTimeoutMs: number;
  /** Absent for plaintext. */
  tls?: TlsClientOptions;
  userAgent: string;
  rpcHeaders: RpcHeader[];
  verbose: boolean;
}

/** The help text for the connection flags, shared by the commands that take them. */
export const CLIENT_FLAGS_HELP = `Connection flags (grpc_health_probe's; one or two dashes, -flag=value or -flag value):
  -addr HOST:PORT          (required) the server; ":PORT" means localhost:PORT
  -connect-timeout DUR     timeout for establishing the connection (Go duration, default 1s)
  -rpc-timeout DUR         timeout for the RPC (default 1s)
  -tls                     use TLS (default: plaintext)
  -tls-ca-cert FILE        (with -tls) trusted CA certificates instead of the system's
  -tls-client-cert FILE    (with -tls) client certificate, for mTLS (needs -tls-client-key)
  -tls-client-key FILE     (with -tls) client private key (needs -tls-client-cert)
  -tls-no-verify           (with -tls) do not verify the server's certificate (INSECURE)
  -tls-server-name NAME    (with -tls) the name to verify the server's certificate against
  -user-agent TEXT         user-agent of the requests (default grpc_health_probe)
  -rpc-header 'KEY: VALUE' extra request metadata; repeatable
  -v                       verbose logs`;

/**
 * Reads and checks the connection flags with grpc_health_probe's rules and messages
 * (`-addr not specified`, `specified -tls-ca-cert without specifying -tls`, ...).
 *
 * @throws UsageError when a rule is broken.
 */
export function readClientOptions(flags: FlagValues<typeof CLIENT_FLAGS>): ClientOptions {
  const addr = flags.addr ?? '';
  if (addr === '') throw new UsageError('-addr not specified');
  const connectTimeoutMs = parseGoDuration(flags['connect-timeout'] ?? '1s', 'connect-timeout');
  const rpcTimeoutMs = parseGoDuration(flags['rpc-timeout'] ?? '1s', 'rpc-timeout');
  const rpcHeaders = (flags['rpc-header'] ?? []).map(parseRpcHeader);
  if (!(connectTimeoutMs > 0)) {
    throw new UsageError(`-connect-timeout must be greater than zero (specified: ${formatGoDuration(connectTimeoutMs)})`);
  }
  if (!(rpcTimeoutMs > 0)) {
    throw new UsageError(`-rpc-timeout must be greater than zero (specified: ${formatGoDuration(rpcTimeoutMs)})`);
  }
  const tls = flags.tls === true;
  const noVerify = flags['tls-no-verify'] === true;
  const caCert = flags['tls-ca-cert'] || undefined;
  const clientCert = flags['tls-client-cert'] || undefined;
  const clientKey = flags['tls-client-key'] || undefined;
  const serverName = flags['tls-server-name'] || undefined;
  if (!tls && noVerify) throw new UsageError('specified -tls-no-verify without specifying -tls');
  if (!tls && caCert) throw new UsageError('specified -tls-ca-cert without specifying -tls');
  if (!tls && clientCert) throw new UsageError('specified -tls-client-cert without specifying -tls');
  if (!tls && serverName) throw new UsageError('specified -tls-server-name without specifying -tls');
  if (clientCert && !clientKey) throw new UsageError('specified -tls-client-cert without specifying -tls-client-key');
  if (!clientCert && clientKey) throw new UsageError('specified -tls-client-key without specifying -tls-client-cert');
  if (noVerify && caCert) throw new UsageError('cannot specify -tls-ca-cert with -tls-no-verify (CA cert would not be used)');
  if (noVerify && serverName) {
    throw new UsageError('cannot specify -tls-server-name with -tls-no-verify (server name would not be used)');
  }
  return {
    addr,
    target: addr.startsWith(':') ? `localhost${addr}` : addr,
    connectTimeoutMs,
    rpcTimeoutMs,
    ...(tls ? { tls: { noVerify, caCert, clientCert, clientKey, serverName } } : {}),
    userAgent: flags['user-agent'] ?? 'grpc_health_probe',
    rpcHeaders,
    verbose: flags.v === true,
  };
}

/** grpc_health_probe's `-v` summary of the options, line by line. */
export function describeClientOptions(options: ClientOptions): string[] {
  const lines = [
    'parsed options:',
    `> addr=${options.addr} conn_timeout=${formatGoDuration(options.connectTimeoutMs)} rpc_timeout=${formatGoDuration(options.rpcTimeoutMs)}`,
  ];
  if (options.rpcHeaders.length > 0) {
    // Go prints metadata.MD with %v: map[key:[value ...] ...], keys sorted.
    const byKey = new Map<string, string[]>();
    for (const { key, value } of options.rpcHeaders) byKey.set(key, [...(byKey.get(key) ?? []), value]);
    const entries = [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, values]) => `${key}:[${values.join(' ')}]`);
    lines.push(`> headers: map[${entries.join(' ')}]`);
  }
  lines.push(`> tls=${options.tls !== undefined}`);
  if (options.tls) {
    lines.push(
      `  > no-verify=${options.tls.noVerify} `,
      `  > ca-cert=${options.tls.caCert ?? ''}`,
      `  > client-cert=${options.tls.clientCert ?? ''}`,
      `  > client-key=${options.tls.clientKey ?? ''}`,
      `  > server-name=${options.tls.serverName ?? ''}`,
    );
  }
  return lines;
}
