import { Client, type ChannelOptions } from '@grpc/grpc-js';
import type { ClientOptions } from './client-flags.js';
import { ConnectionError } from './exit-codes.js';
import { formatGoDuration } from './go-duration.js';
import { MAX_TIMER_MS } from '../timer-limit.js';
import { createChannelCredentials } from './tls-credentials.js';

/**
 * Opens a grpc-js client and waits until its connection is READY, for at most the connect
 * timeout (grpc-go's blocking dial, which grpc_health_probe uses): refused connections and
 * failed TLS handshakes are retried with backoff until then. Aborting `signal` gives up.
 *
 * @throws CredentialsError for unusable TLS files, ConnectionError when no connection is made.
 */
export async function connect(options: ClientOptions, signal: AbortSignal): Promise<Client> {
  const credentials = createChannelCredentials(options.tls);
  const channelOptions: ChannelOptions = { 'grpc.primary_user_agent': options.userAgent };
  if (options.tls?.serverName) channelOptions['grpc.ssl_target_name_override'] = options.tls.serverName;
  let client: Client;
  try {
    client = new Client(options.target, credentials, channelOptions);
  } catch (error) {
    throw new ConnectionError(`error: failed to connect service at ${JSON.stringify(options.addr)}: ${String(error)}`);
  }
  // NOTE: grpc-js waits with one timer, capped to what Node holds. Not Infinity (no timer): that
  // timer is what keeps the process alive while grpc-js's own sockets and timers are unref'd.
  const deadline = Date.now() + Math.min(options.connectTimeoutMs, MAX_TIMER_MS);
  const outcome = await new Promise<'ready' | 'timeout' | 'canceled'>((resolve) => {
    const onAbort = () => resolve('canceled');
    signal.addEventListener('abort', onAbort, { once: true });
    client.waitForReady(deadline, (error) => {
      signal.removeEventListener('abort', onAbort);
      resolve(error ? 'timeout' : 'ready');
    });
    if (signal.aborted) onAbort();
  });
  if (outcome === 'ready') return client;
  client.close();
  throw new ConnectionError(
    outcome === 'timeout'
      ? `timeout: failed to connect service ${JSON.stringify(options.addr)} within ${formatGoDuration(options.connectTimeoutMs)}`
      : `error: failed to connect service at ${JSON.stringify(options.addr)}: context canceled`,
  );
}
