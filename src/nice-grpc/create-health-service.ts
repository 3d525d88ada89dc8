import { ServerError, Status, type CallContext, type ServiceImplementation } from 'nice-grpc';
import type { HealthDefinition } from '../proto/health-definition.js';
import type { HealthCheckResponse } from '../proto/health-messages.js';
import { RESPONSE_MESSAGES } from '../proto/encoded-responses.js';
import {
  WatchBudget,
  healthServiceSettings,
  listRefusal,
  notFound,
  type HealthServiceOptions,
  type HealthVerdict,
} from '../health-service-rules.js';
import { attachWatcher } from '../registry/attach-watcher.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import type { ServingStatus } from '../serving-status.js';
import { LatestValueWatcher } from './latest-value-watcher.js';

export type { HealthServiceOptions } from '../health-service-rules.js';

/**
 * What nice-grpc's terminator middleware adds to a call's context, typed structurally so that
 * the middleware stays optional (nice-grpc-server-health does the same).
 */
type MaybeTerminatorContext = CallContext & { abortOnTerminate?(): void };

const toResponse = (status: ServingStatus) => RESPONSE_MESSAGES[status];

// The shared rules' verdict as nice-grpc's error (its Status numbers are the protocol's).
const refuse = ({ code, details }: HealthVerdict) => new ServerError(code as Status, details);

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
 * - Any name the client sends is looked up as it is: a name longer than the registry's
 *   `maxServiceNameLength` cannot be registered, so it is unknown (its watcher costs the
 *   registry nothing for the name). `maxWatchers` counts this service's own Watch streams.
 *
 * @throws TypeError (at the call) when `registry` is not a HealthRegistry or an option has the
 * wrong type; RangeError for a number out of range.
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
  const settings = healthServiceSettings('createHealthService()', registry, options);
  const budget = new WatchBudget(settings.maxWatchers);

  return {
    async check({ service }) {
      const status = registry.status(service);
      if (status === undefined) throw refuse(notFound(service));
      return RESPONSE_MESSAGES[status];
    },

    watch({ service }, context: MaybeTerminatorContext) {
      const refusal = budget.refusal();
      if (refusal !== undefined) throw refuse(refusal);
      // A Watch never ends by itself: with the terminator middleware, `terminate()` ends it.
      context.abortOnTerminate?.();
      // NOTE: no generator of our own around it: nice-grpc's handler iterates this directly,
      // and every object held per idle stream counts (see the memory budget in DESIGN.md).
      const watcher = new LatestValueWatcher(context.signal, toResponse);
      if (!watcher.ended) {
        watcher.attachedTo(attachWatcher(registry, service, watcher));
        budget.admit(watcher);
      }
      return watcher;
    },

    async list() {
      const snapshot = registry.list();
      const refusal = listRefusal(snapshot.size, settings);
      if (refusal !== undefined) throw refuse(refusal);
      const statuses: Record<string, HealthCheckResponse> = Object.create(null);
      for (const [service, status] of snapshot) statuses[service] = RESPONSE_MESSAGES[status];
      return { statuses };
    },
  };
}
