import { ServerError, Status, type CallContext, type ServiceImplementation } from 'nice-grpc';
import type { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckResponse } from '../proto/health-messages.js';
import { attachWatcher } from '../registry/attach-watcher.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import { SERVING_STATUSES, type ServingStatus } from '../serving-status.js';
import { LatestValueSubscriber } from './latest-value-subscriber.js';
import { quoteServiceName } from '../quote-service-name.js';

/** Options for {@link createHealthService}. */
export interface HealthServiceOptions {
  /**
   * List fails with RESOURCE_EXHAUSTED when more services than this are registered.
   * Default 100, as in the reference implementations (gRFC A90).
   */
  maxListServices?: number;
  /**
   * Check and Watch answer INVALID_ARGUMENT for a longer service name (in UTF-16 code units),
   * so that a hostile client cannot make the server hold huge keys. Default 4096.
   */
  maxServiceNameLength?: number;
  /**
   * Watch answers RESOURCE_EXHAUSTED while the registry already has this many watchers, so
   * that a flood of streams is refused instead of slowing every status change. Default: no
   * limit.
   */
  maxWatchers?: number;
}

/**
 * What nice-grpc's terminator middleware adds to a call's context, typed structurally so that
 * the middleware stays optional (nice-grpc-server-health does the same).
 */
type MaybeTerminatorContext = CallContext & { abortOnTerminate?(): void };

// NOTE: one frozen response per status: Watch yields them without allocating, and the codec
// serializes them from its cache.
const RESPONSES = Object.fromEntries(
  SERVING_STATUSES.map((status) => [status, Object.freeze({ status })]),
) as Record<ServingStatus, HealthCheckResponse>;
const toResponse = (status: ServingStatus) => RESPONSES[status];

/**
 * The nice-grpc implementation of `grpc.health.v1.Health`, answering from `registry`.
 *
 * - **Check**: the service's status; `NOT_FOUND` for a service that is not registered.
 * - **Watch**: the current status at once, then every change, with a **latest-value** policy:
 *   one registry subscription for the whole call and a one-slot buffer that a newer status
 *   overwrites. A client slow to read costs O(1) memory, may skip statuses that were already
 *   superseded, never gets the same status twice in a row, and always ends on the newest one.
 *   An unknown service yields `SERVICE_UNKNOWN` and the stream stays open. When the client
 *   cancels, the subscription is released. A server's graceful shutdown waits for calls to end:
 *   call `registry.endWatches()` (see {@link HealthRegistry.endWatches}), or use nice-grpc's
 *   terminator middleware, whose `terminate()` ends every Watch.
 * - **List**: every registered service; `RESOURCE_EXHAUSTED` past `maxListServices`.
 *
 * @example
 * ```ts
 * const registry = new HealthRegistry();
 * const server = createServer();
 * server.add(HealthDefinition, createHealthService(registry));
 * await server.listen('127.0.0.1:50051');
 * ```
 */
export function createHealthService(
  registry: HealthRegistry,
  options: HealthServiceOptions = {},
): ServiceImplementation<HealthDefinition> {
  const maxListServices = options.maxListServices ?? 100;
  const maxServiceNameLength = options.maxServiceNameLength ?? 4096;
  const maxWatchers = options.maxWatchers ?? Infinity;

  function checkName(service: string): void {
    if (service.length > maxServiceNameLength) {
      throw new ServerError(
        Status.INVALID_ARGUMENT,
        `service name is ${service.length} characters long; the limit is ${maxServiceNameLength}`,
      );
    }
  }

  return {
    async check({ service }) {
      checkName(service);
      const status = registry.status(service);
      if (status === undefined) {
        throw new ServerError(Status.NOT_FOUND, `unknown service ${quoteServiceName(service)}`);
      }
      return RESPONSES[status];
    },

    watch({ service }, context: MaybeTerminatorContext) {
      checkName(service);
      if (registry.watcherCount >= maxWatchers) {
        throw new ServerError(Status.RESOURCE_EXHAUSTED, `the server already has ${maxWatchers} watchers`);
      }
      // A Watch never ends by itself: with the terminator middleware, `terminate()` ends it.
      context.abortOnTerminate?.();
      // NOTE: no generator of our own around it: nice-grpc's handler iterates this directly,
      // and every object held per idle stream counts (see the memory budget in DESIGN.md).
      const subscriber = new LatestValueSubscriber(context.signal, toResponse);
      if (!context.signal.aborted) attachWatcher(registry, service, subscriber);
      return subscriber;
    },

    async list() {
      const snapshot = registry.list();
      if (snapshot.size > maxListServices) {
        throw new ServerError(
          Status.RESOURCE_EXHAUSTED,
          `${snapshot.size} services are registered; List returns at most ${maxListServices}`,
        );
      }
      const statuses: Record<string, HealthCheckResponse> = Object.create(null);
      for (const [service, status] of snapshot) statuses[service] = RESPONSES[status];
      return { statuses };
    },
  };
}
