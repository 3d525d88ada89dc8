import { Client, credentials as Credentials, type ChannelInterface } from '@grpc/grpc-js';
import { clientWatchCall, type HealthWatchClient } from './client-watch-call.js';
import { grpcJsWatchCall, type ServerStreamCaller } from './grpc-js-watch-call.js';
import type { OpenWatchCall } from './watch-call.js';
import type { WatchHealthSettings } from './watch-health-options.js';

/**
 * Where {@link watchHealth} sends its Watch calls:
 * - an address (`'127.0.0.1:50051'`, `'dns:///orders:443'`): each subscription opens a channel
 *   of its own and closes it when it ends;
 * - a `@grpc/grpc-js` Channel, which is also what nice-grpc's `createChannel()` returns;
 * - a `@grpc/grpc-js` Client (its interceptors apply);
 * - a Health client with `watch()`, such as nice-grpc's `createClient(HealthDefinition, channel)`
 *   (its middleware applies).
 *
 * A channel or client is the user's: the watch shares its connection and never closes it.
 */
export type WatchHealthTarget = string | ChannelInterface | (ServerStreamCaller & { getChannel(): ChannelInterface }) | HealthWatchClient;

/** One subscription's way to the server: how to open a call, and what to release at the end. */
export interface RemoteConnection {
  open: OpenWatchCall;
  close(): void;
}

const has = (value: object, method: string) => typeof (value as Record<string, unknown>)[method] === 'function';
const keep = () => {};

/**
 * Checks `target` at the call and returns what connects each subscription.
 *
 * @throws TypeError for a target of none of the kinds above, or an option that does not fit it.
 */
export function remoteTarget(target: WatchHealthTarget, settings: WatchHealthSettings): () => RemoteConnection {
  const { metadata, credentials, channelOptions } = settings;
  if (typeof target === 'string') {
    if (target.trim() === '') throw new TypeError('watchHealth(): target must not be an empty address');
    return () => {
      const client = new Client(target, credentials ?? Credentials.createInsecure(), channelOptions ?? {});
      return { open: grpcJsWatchCall(client, metadata), close: () => client.close() };
    };
  }
  if (credentials !== undefined || channelOptions !== undefined) {
    throw new TypeError('watchHealth(): credentials and channelOptions apply only when target is an address; the channel is yours');
  }
  if (target !== null && typeof target === 'object') {
    if (has(target, 'makeServerStreamRequest') && has(target, 'getChannel')) {
      const open = grpcJsWatchCall(target as ServerStreamCaller, metadata);
      return () => ({ open, close: keep });
    }
    if (has(target, 'createCall') && has(target, 'getConnectivityState')) {
      // NOTE: a Client over the user's channel adds no connection: grpc-js calls go through the
      // override, and this Client is never closed (closing it would close the user's channel).
      const client = new Client('', Credentials.createInsecure(), { channelOverride: target as ChannelInterface });
      const open = grpcJsWatchCall(client, metadata);
      return () => ({ open, close: keep });
    }
    if (has(target, 'watch')) {
      if (metadata !== undefined) {
        throw new TypeError('watchHealth(): metadata does not apply to a nice-grpc client; give it to the client (defaultCallOptions or a middleware)');
      }
      const open = clientWatchCall(target as HealthWatchClient);
      return () => ({ open, close: keep });
    }
  }
  throw new TypeError(
    'watchHealth(): target must be an address, a @grpc/grpc-js Channel or Client, a nice-grpc Channel, or a Health client with watch() ' +
      '(for a nice-grpc client of another service, pass the channel it was created with)',
  );
}
