import type * as grpc from '@grpc/grpc-js';
import type { Subscriber } from 'rxjs';
import type { HealthCheckRequest, HealthCheckResponse } from '../proto/health-messages.js';
import { HealthDefinition } from '../proto/health-definition.js';
import { attachWatcher, isHealthRegistry } from '../registry/attach-watcher.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import type { ServingStatus } from '../serving-status.js';
import type { HealthServiceOptions } from '../service/create-health-service.js';
import { quoteServiceName } from '../quote-service-name.js';
import { encodeResponses } from './encoded-responses.js';
import { grpcJsHealthDefinition } from './health-method-definitions.js';
import type { WatchCall } from './watch-call-subscriber.js';

// gRPC status codes (the numbers are fixed by the protocol; grpc-js's `status` enum has them).
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const RESOURCE_EXHAUSTED = 8;

/**
 * Adds `grpc.health.v1.Health` (Check, Watch, List), answering from `registry`, to a plain
 * `@grpc/grpc-js` server, with the same semantics and options as {@link createHealthService}:
 *
 * - **Check**: the service's status; `NOT_FOUND` for a service that is not registered.
 * - **Watch**: the current status at once, then every change, with a **latest-value** policy:
 *   one registry subscription per call; when the call's buffer is full (`write()` returns
 *   false) newer statuses overwrite one slot until `'drain'`, and only the newest is written.
 *   Never the same status twice in a row; always ends on the newest. Released when the call is
 *   cancelled or its connection drops; `registry.endWatches()` ends it with OK.
 * - **List**: every registered service; `RESOURCE_EXHAUSTED` past `maxListServices`.
 * - A name longer than `maxServiceNameLength` gets `INVALID_ARGUMENT`, a Watch past
 *   `maxWatchers` `RESOURCE_EXHAUSTED`, a request that is not valid protobuf `INTERNAL`.
 *
 * @example
 * ```ts
 * import * as grpc from '@grpc/grpc-js';
 * import { HealthRegistry } from 'livery-grpc-health';
 * import { addHealthService } from 'livery-grpc-health/grpc-js';
 *
 * const registry = new HealthRegistry();
 * const server = new grpc.Server();
 * addHealthService(server, registry);
 * server.bindAsync('127.0.0.1:50051', grpc.ServerCredentials.createInsecure(), () => {});
 * ```
 *
 * @throws TypeError when `server` has no `addService` or `registry` is not a HealthRegistry.
 */
export function addHealthService(
  server: Pick<grpc.Server, 'addService'>,
  registry: HealthRegistry,
  options: HealthServiceOptions = {},
): void {
  if (typeof server?.addService !== 'function') {
    throw new TypeError('addHealthService(): server must be a @grpc/grpc-js Server');
  }
  if (!isHealthRegistry(registry)) {
    throw new TypeError('addHealthService(): registry must be a HealthRegistry');
  }
  const maxListServices = options.maxListServices ?? 100;
  const maxServiceNameLength = options.maxServiceNameLength ?? 4096;
  const maxWatchers = options.maxWatchers ?? Infinity;
  const responses = encodeResponses();

  function nameTooLong(service: string): Partial<grpc.StatusObject> | undefined {
    if (service.length <= maxServiceNameLength) return undefined;
    return {
      code: INVALID_ARGUMENT,
      details: `service name is ${service.length} characters long; the limit is ${maxServiceNameLength}`,
    };
  }

  const check: grpc.handleUnaryCall<HealthCheckRequest, Buffer> = (call, callback) => {
    const { service } = call.request;
    const invalid = nameTooLong(service);
    if (invalid !== undefined) return callback(invalid);
    const status = registry.status(service);
    if (status === undefined) callback({ code: NOT_FOUND, details: `unknown service ${quoteServiceName(service)}` });
    else callback(null, responses[status]);
  };

  const watch = (call: WatchCall): void => {
    const subscriber = call.request;
    const invalid = nameTooLong(subscriber.service);
    if (invalid !== undefined) {
      call.emit('error', invalid);
    } else if (registry.watcherCount >= maxWatchers) {
      call.emit('error', { code: RESOURCE_EXHAUSTED, details: `the server already has ${maxWatchers} watchers` });
    } else {
      subscriber.start(call, responses);
      // NOTE: a Subscriber by RxJS's structural test; see WatchCallSubscriber.
      attachWatcher(registry, subscriber.service, subscriber as unknown as Subscriber<ServingStatus>);
    }
  };

  const list: grpc.handleUnaryCall<unknown, Uint8Array> = (_call, callback) => {
    const snapshot = registry.list();
    if (snapshot.size > maxListServices) {
      return callback({
        code: RESOURCE_EXHAUSTED,
        details: `${snapshot.size} services are registered; List returns at most ${maxListServices}`,
      });
    }
    const statuses: Record<string, HealthCheckResponse> = Object.create(null);
    for (const [service, status] of snapshot) statuses[service] = { status };
    callback(null, HealthDefinition.list.responseSerialize({ statuses }));
  };

  server.addService(grpcJsHealthDefinition, { Check: check, Watch: watch, List: list });
}
