/**
 * The exit codes of `livery-health`, the same numbers grpc_health_probe uses, so that scripts
 * and Kubernetes exec probes written for it keep working.
 */
export const ExitCode = {
  /** The service is SERVING (check), or the command finished as asked. */
  OK: 0,
  /** Invalid command-line arguments, or TLS files that cannot be loaded. */
  INVALID_ARGUMENTS: 1,
  /** No connection within the connect timeout (refused, unreachable, TLS handshake failed). */
  CONNECTION_FAILURE: 2,
  /** The RPC failed: NOT_FOUND for an unknown service, a timeout, UNIMPLEMENTED, ... */
  RPC_FAILURE: 3,
  /** The RPC succeeded but the status is not SERVING (or `watch --until` never saw it). */
  UNHEALTHY: 4,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Invalid arguments: the message is printed after `error: `, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** TLS files that cannot be used: exit code 1, as grpc_health_probe does. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** No connection: exit code 2. The message is printed as it is (grpc_health_probe's words). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}
