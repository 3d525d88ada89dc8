import { Observable } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';
import { HealthWatchRun } from './health-watch-run.js';
import { remoteTarget, type WatchHealthTarget } from './remote-target.js';
import { watchHealthSettings, type WatchHealthOptions } from './watch-health-options.js';

/**
 * The health of `service` on another server, as an Observable that follows that server's
 * `grpc.health.v1.Health/Watch`, with the resilience of gRPC's client-side health checking
 * (gRFC A17). Bind it to make a local service follow a remote one.
 *
 * - It emits each status the server sends (unchanged ones once), from the first message on;
 *   nothing before (add `startWith('NOT_SERVING')` for an immediate status).
 * - When the call fails or the server ends it, it reports `whileDown` (default NOT_SERVING)
 *   and calls again: at once if the call had delivered a message, else after an exponential
 *   backoff (1 s, ×1.6 per failure, ±20 % jitter, at most 120 s), reset by each message.
 * - `UNIMPLEMENTED` (no Health service there) stops the retries: it reports `whenUnimplemented`
 *   (default SERVING, as A17 does) and completes, or errors when that is `'ERROR'`.
 * - Each subscription makes its own call. Unsubscribing cancels the call or the pending retry
 *   at once: no stream and no timer is left. Like an open call, a pending retry keeps the
 *   process alive. Channels and clients you pass stay open; an address gets a channel per
 *   subscription, closed when it ends.
 *
 * @param target an address, a grpc-js or nice-grpc channel, a grpc-js Client or a Health
 * client with `watch()` (see {@link WatchHealthTarget}); passing yours adds no connection.
 * @param service the name to watch; `""` is the server as a whole.
 * @throws TypeError or RangeError (at the call) for a bad target, service or option.
 *
 * @example
 * ```ts
 * import { watchHealth } from 'livery-grpc-health/remote';
 *
 * const channel = createChannel('orders.internal:50051'); // nice-grpc, or a grpc-js Channel
 * registry.bind('orders', watchHealth(channel, 'orders.v1.Orders'));
 * registry.bind('', allServing(registry, ['orders', 'db'])); // our readiness follows it
 * ```
 */
export function watchHealth(
  target: WatchHealthTarget,
  service: string,
  options: WatchHealthOptions = {},
): Observable<ServingStatus> {
  if (typeof service !== 'string') throw new TypeError(`watchHealth(): service must be a string, got ${typeof service}`);
  const settings = watchHealthSettings(options);
  const connect = remoteTarget(target, settings);
  return new Observable<ServingStatus>((subscriber) => {
    const run = new HealthWatchRun(connect(), service, settings, subscriber);
    run.start();
    return () => run.stop();
  });
}
