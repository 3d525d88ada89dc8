import { connect as connectHttp2, type ClientHttp2Session } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { ClientOptions } from './client-flags.js';
import { nowMs } from './clock.js';
import { ConnectionError } from './exit-codes.js';
import { formatGoDuration } from './go-duration.js';
import { parseDialTarget, type DialTarget } from './grpc-target.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import { createTlsOptions } from './tls-client-options.js';
import { VERSION } from './version.js';

/** An HTTP/2 connection to a gRPC server, READY for calls (see {@link startCall}). */
export interface GrpcChannel {
  session: ClientHttp2Session;
  scheme: 'http' | 'https';
  /** The `:authority` of every call: `-tls-server-name` when given, else the target's. */
  authority: string;
  userAgent: string;
  close(): void;
}

/** How the CLI's client names itself in user-agent, after `-user-agent`. */
const CLIENT_NAME = `livery-health/${VERSION}`;

// gRPC's connection backoff (grpc/grpc doc/connection-backoff.md), as grpc-go and grpc-js use.
const INITIAL_BACKOFF_MS = 1_000;
const MULTIPLIER = 1.6;
const JITTER = 0.2;
const MAX_BACKOFF_MS = 120_000;

/** One attempt: resolves to the session once the server's SETTINGS arrive, or to the failure. */
function dial(target: DialTarget, tls: ConnectionOptions | undefined): Promise<ClientHttp2Session | Error> {
  const endpoint = target.kind === 'unix' ? { path: target.path } : { host: target.host, port: target.port };
  const session = connectHttp2(`${tls ? 'https' : 'http'}://${target.kind === 'unix' ? 'localhost' : target.authority}`, {
    createConnection: () => (tls ? connectTls({ ...endpoint, ...tls }) : connectTcp(endpoint)),
    settings: { enablePush: false },
  });
  return new Promise((resolve) => {
    const fail = (error: Error) => {
      session.destroy();
      resolve(error);
    };
    // NOTE: READY only once the server's SETTINGS arrive (as grpc-js and grpc-go wait): a TCP
    // connection alone may be a TLS port answering plaintext, or a server that then refuses.
    session.once('remoteSettings', () => {
      session.off('error', fail).off('close', closed).on('error', () => {});
      resolve(session);
    });
    const closed = () => fail(new Error('connection closed before the HTTP/2 handshake'));
    session.once('error', fail).once('close', closed);
  });
}

/**
 * Connects to the server and waits until the connection is READY, for at most the connect
 * timeout (grpc-go's blocking dial, which grpc_health_probe uses): refused connections and
 * failed TLS handshakes are retried with gRPC's backoff until then. Aborting `signal` gives up.
 *
 * @throws CredentialsError for unusable TLS files, ConnectionError when no connection is made.
 */
export async function connect(options: ClientOptions, signal: AbortSignal): Promise<GrpcChannel> {
  let target: DialTarget;
  try {
    target = parseDialTarget(options.target);
  } catch (error) {
    throw new ConnectionError(`error: failed to connect service at ${JSON.stringify(options.addr)}: ${(error as Error).message}`);
  }
  const host = target.kind === 'unix' ? 'localhost' : target.host;
  const tls = options.tls ? createTlsOptions(options.tls, host) : undefined;
  const deadline = nowMs() + Math.min(options.connectTimeoutMs, MAX_TIMER_MS);
  let backoffMs = INITIAL_BACKOFF_MS;
  let timer: NodeJS.Timeout | undefined;
  let wake = () => {};
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort, { once: true });
  // Waits `ms` (the attempt or the backoff), cut short by an abort or the deadline.
  const wait = <T>(work: Promise<T> | undefined, ms: number) =>
    new Promise<T | undefined>((resolve) => {
      wake = () => resolve(undefined);
      timer = setTimeout(wake, Math.max(0, ms));
      work?.then(resolve);
    }).finally(() => clearTimeout(timer));
  try {
    while (!signal.aborted && nowMs() < deadline) {
      const attempt = dial(target, tls);
      const outcome = await wait(attempt, deadline - nowMs());
      if (outcome !== undefined && !(outcome instanceof Error)) {
        const session = outcome;
        const authority = options.tls?.serverName ?? target.authority;
        // As gRPC libraries do, the user's agent first, then the client's own name.
        const userAgent = `${options.userAgent} ${CLIENT_NAME}`;
        return { session, scheme: tls ? 'https' : 'http', authority, userAgent, close: () => session.destroy() };
      }
      // Timed out or aborted mid-attempt: drop the half-open connection.
      if (outcome === undefined) void attempt.then((late) => (late instanceof Error ? undefined : late.destroy()));
      const jittered = backoffMs * (1 + JITTER * (Math.random() * 2 - 1));
      backoffMs = Math.min(backoffMs * MULTIPLIER, MAX_BACKOFF_MS);
      if (!signal.aborted && nowMs() < deadline) await wait(undefined, Math.min(jittered, deadline - nowMs()));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  throw new ConnectionError(
    signal.aborted
      ? `error: failed to connect service at ${JSON.stringify(options.addr)}: context canceled`
      : `timeout: failed to connect service ${JSON.stringify(options.addr)} within ${formatGoDuration(options.connectTimeoutMs)}`,
  );
}
