import type { ServingStatus } from '../serving-status.js';

/**
 * What a service's statuses are pushed to: the RxJS Subscriber of an in-process
 * `watch()`, or a transport's own watcher (one per Watch call), which needs no RxJS at all.
 * It must not throw: a Subscriber catches what its observer throws, a transport its own errors.
 */
export interface StatusWatcher {
  /** A new status: the current one when attached, then each change. */
  next(status: ServingStatus): void;
  /** The watch has ended (`HealthRegistry.endWatches()`); nothing follows. */
  complete(): void;
}

/** How a watcher leaves the service it watches. */
export interface WatchedService {
  /** Stops telling `watcher` (found by identity); a watcher that has already gone is ignored. */
  detach(watcher: object): void;
}

/**
 * The key of the Watch fast path that `HealthRegistry` installs on its prototype: it attaches a
 * transport's watcher straight to a service, with no Observable or Subscriber around it. A
 * global symbol, so that a registry made by the ESM copy of this package works with the
 * CommonJS copy's services.
 *
 * NOTE: not a declared class member, so that it stays out of the public types (a declaration
 * file keeps every member it is given); the adapters reach it only through the functions
 * below.
 *
 * @internal
 */
export const ATTACH_WATCHER: unique symbol = Symbol.for('livery-grpc-health.attachWatcher');

type Attach = (service: string, watcher: StatusWatcher) => WatchedService;

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

/**
 * Attaches `watcher` to `service` on `registry`: `watcher.next` is called with the current
 * status before this returns (and `watcher.complete` too when watches have ended). The watcher
 * keeps the returned service to {@link WatchedService.detach} itself when it goes.
 */
export function attachWatcher(registry: object, service: string, watcher: StatusWatcher): WatchedService {
  return fastPath(registry)!.call(registry, service, watcher);
}
