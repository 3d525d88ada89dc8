import { Observable } from 'rxjs';
import type { HealthRegistry } from '../registry/health-registry.js';
import type { SettableStatus } from '../serving-status.js';

/**
 * SERVING while every one of `services` is SERVING in `registry`, NOT_SERVING otherwise: a
 * service that is not registered (never set, or cleared) counts as not serving. Bind it to
 * derive one service from others, typically the whole server `""`.
 *
 * It emits the current verdict at once, then only changes; it never completes. It follows
 * what Check reports, so while the registry is shut down it is NOT_SERVING, and a bound `""`
 * gets its true status back on `resume()`. It listens to {@link HealthRegistry.changes}, not to
 * watches, so `endWatches()` does not end it.
 *
 * For any other rule, bind any Observable, e.g. `combineLatest` over `registry.watch(...)`.
 *
 * **Warning:** do not list the service you bind it to: once NOT_SERVING, it would hold itself there.
 *
 * @example
 * ```ts
 * registry.bind('', allServing(registry, ['db', 'cache']));
 * registry.set('db', 'SERVING');
 * registry.status(''); // 'NOT_SERVING': cache is not registered yet
 * registry.set('cache', 'SERVING');
 * registry.status(''); // 'SERVING'
 * ```
 */
export function allServing(registry: HealthRegistry, services: Iterable<string>): Observable<SettableStatus> {
  if (typeof services === 'string' || typeof (services as Partial<Iterable<string>>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError('allServing(): services must be an array (or iterable) of service names');
  }
  const names = new Set(services);
  for (const name of names) {
    if (typeof name !== 'string') throw new TypeError(`allServing(): service names must be strings, got ${typeof name}`);
  }
  const verdict = (): SettableStatus => {
    for (const name of names) if (registry.status(name) !== 'SERVING') return 'NOT_SERVING';
    return 'SERVING';
  };
  return new Observable<SettableStatus>((subscriber) => {
    let last: SettableStatus | undefined;
    const emit = () => {
      const status = verdict();
      if (status !== last) subscriber.next((last = status));
    };
    // NOTE: subscribed before the first verdict, so that no change can slip in between.
    const subscription = registry.changes().subscribe(({ service }) => {
      if (names.has(service)) emit();
    });
    emit();
    return subscription;
  });
}
