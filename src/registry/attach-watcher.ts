import type { Subscriber } from 'rxjs';
import type { ServingStatus } from '../serving-status.js';

/**
 * The key of the Watch fast path that `HealthRegistry` installs on its prototype: it
 * subscribes a Subscriber straight to a service's subject, without the Observable that
 * `watch()` wraps around it. A global symbol, so that a registry made by the ESM copy of this
 * package works with the CommonJS copy's services.
 *
 * NOTE: not a declared class member, so that it stays out of the public types (a declaration
 * file keeps every member it is given); the adapters reach it only through the functions
 * below.
 *
 * @internal
 */
export const ATTACH_WATCHER: unique symbol = Symbol.for('livery-grpc-health.attachWatcher');

type Attach = (service: string, subscriber: Subscriber<ServingStatus>) => void;

/** The registry's fast path, or `undefined` when `registry` is not a HealthRegistry (of either copy). */
function fastPath(registry: unknown): Attach | undefined {
  if (registry === null || typeof registry !== 'object') return undefined;
  const attach: unknown = (registry as Record<symbol, unknown>)[ATTACH_WATCHER];
  return typeof attach === 'function' ? (attach as Attach) : undefined;
}

/** Whether `registry` is a HealthRegistry, by the fast path it carries (works across copies). */
export function isHealthRegistry(registry: unknown): boolean {
  return fastPath(registry) !== undefined;
}

/** Subscribes `subscriber` to `service` on `registry`, as `registry.watch(service)` would. */
export function attachWatcher(registry: object, service: string, subscriber: Subscriber<ServingStatus>): void {
  fastPath(registry)!.call(registry, service, subscriber);
}
