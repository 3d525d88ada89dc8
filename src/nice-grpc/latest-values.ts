import type { Observable } from 'rxjs';
import { LatestValueWatcher, type LatestValueIterator } from './latest-value-watcher.js';

/**
 * Turns an Observable into an async iterator with a **latest-value** policy: one subscription
 * is held for the whole iteration, and values that arrive while the consumer is busy overwrite
 * a single slot. A slow consumer therefore costs O(1) memory, skips superseded values, and
 * always ends on the newest one. A value equal to the one last yielded is not yielded again
 * (A -> B -> A while the consumer is busy yields nothing new).
 *
 * It subscribes at once (unless `signal` is already aborted). The iteration ends when `signal`
 * aborts or the source completes, and rethrows a source error after the value before it.
 * Whichever way it ends (including the consumer calling `return()`), the subscription is
 * released.
 *
 * @param project maps each value to what is yielded; it runs only for values that are yielded.
 *
 * @example
 * ```ts
 * const status = new BehaviorSubject('SERVING');
 * for await (const value of latestValues(status, AbortSignal.timeout(1_000))) {
 *   console.log(value); // SERVING, then whatever is newest each time the loop comes back
 * }
 * ```
 */
export function latestValues<T, R = T>(
  source: Observable<T>,
  signal: AbortSignal,
  project: (value: T) => R = (value) => value as unknown as R,
): LatestValueIterator<R> {
  const watcher = new LatestValueWatcher<T, R>(signal, project);
  if (!watcher.ended) {
    // NOTE: an observer of its own, not the watcher: RxJS's deprecated next-context mode calls
    // observer methods on a stand-in object, which cannot reach the watcher's private fields.
    const subscription = source.subscribe({
      next: (value) => watcher.next(value),
      error: (error: unknown) => watcher.error(error),
      complete: () => watcher.complete(),
    });
    watcher.attachedTo({ detach: () => subscription.unsubscribe() });
  }
  return watcher[Symbol.asyncIterator]();
}
