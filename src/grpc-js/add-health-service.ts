import type * as grpc from '@grpc/grpc-js';
import type { HealthCheckRequest, HealthCheckResponse } from '../proto/health-messages.js';
import { HealthDefinition } from '../proto/health-definition.js';
import { attachWatcher } from '../registry/attach-watcher.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import {
  WatchBudget,
  healthServiceSettings,
  listRefusal,
  notFound,
  type HealthServiceOptions,
} from '../health-service-rules.js';
import { RESPONSE_MESSAGES, encodeResponses } from '../proto/encoded-responses.js';
import { grpcJsHealthDefinition } from './health-method-definitions.js';
import type { WatchCall } from './watch-call-subscriber.js';

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
 * - A Watch past `maxWatchers` (this service's own streams) gets `RESOURCE_EXHAUSTED`, a
 *   request that is not valid protobuf `INTERNAL`. Any name is looked up as it is: one longer
 *   than the registry's `maxServiceNameLength` is unknown.
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
 * @throws TypeError when `server` has no `addService`, `registry` is not a HealthRegistry or an
 * option has the wrong type; RangeError for a number out of range.
 */
export function addHealthService(
  server: Pick<grpc.Server, 'addService'>,
  registry: HealthRegistry,
  options: HealthServiceOptions = {},
): void {
  if (typeof server?.addService !== 'function') {
    throw new TypeError('addHealthService(): server must be a @grpc/grpc-js Server');
  }
  // NOTE: the verdicts' {code, details} are what grpc-js takes as a status object.
  const settings = healthServiceSettings('addHealthService()', registry, options);
  const budget = new WatchBudget(settings.maxWatchers);
  const responses = encodeResponses();

  const check: grpc.handleUnaryCall<HealthCheckRequest, Buffer> = (call, callback) => {
    const { service } = call.request;
    const status = registry.status(service);
    if (status === undefined) callback(notFound(service));
    else callback(null, responses[status]);
  };

  const watch = (call: WatchCall): void => {
    const watcher = call.request;
    const refusal = budget.refusal();
    if (refusal !== undefined) {
      call.emit('error', refusal);
    } else {
      watcher.start(call, responses);
      watcher.attachedTo(attachWatcher(registry, watcher.service, watcher));
      budget.admit(watcher);
    }
  };

  const list: grpc.handleUnaryCall<unknown, Uint8Array> = (_call, callback) => {
    const snapshot = registry.list();
    const refusal = listRefusal(snapshot.size, settings);
    if (refusal !== undefined) return callback(refusal);
    const statuses: Record<string, HealthCheckResponse> = Object.create(null);
    for (const [service, status] of snapshot) statuses[service] = RESPONSE_MESSAGES[status];
    callback(null, HealthDefinition.list.responseSerialize({ statuses }));
  };

  server.addService(grpcJsHealthDefinition, { Check: check, Watch: watch, List: list });
}
