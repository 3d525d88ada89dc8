import { Observable } from 'rxjs';
import type { SettableStatus } from '../serving-status.js';
import { probeSettings, type ProbeCheck, type ProbeOptions } from './probe-options.js';
import { ProbeRun } from './probe-run.js';

/**
 * A status that follows a periodic health check (a database ping, an HTTP call), with
 * Kubernetes probe semantics: it turns NOT_SERVING after `failureThreshold` consecutive failed
 * checks and SERVING after `successThreshold` consecutive passes. Bind it to a service with
 * {@link HealthRegistry.bind}.
 *
 * - It emits `initialStatus` (default NOT_SERVING) at once, then only changes.
 * - Checks never overlap: the next starts `intervalMs` (+ up to `jitterMs`) after the last one
 *   ended. A check that has not settled after `timeoutMs` fails and its signal aborts; if it
 *   ignores the signal, no new check starts beside it, and each interval counts another failure.
 * - Each subscription runs its own checks (use `share()` to fan one out). Unsubscribing clears
 *   its timer and aborts the check in flight. Its timers are unref'd, so they never keep a
 *   process alive on their own. It never errors or completes.
 *
 * @param check passes unless it throws, rejects, times out, or resolves to `false` or
 * `'NOT_SERVING'`; it gets an AbortSignal that aborts on timeout and on unsubscribe.
 * @throws RangeError or TypeError (at the call) for a bad option.
 *
 * @example
 * ```ts
 * const binding = registry.bind(
 *   'search',
 *   probe((signal) => fetch('http://127.0.0.1:9200/_cluster/health', { signal }).then((res) => res.ok), {
 *     intervalMs: 5_000,
 *     timeoutMs: 1_000,
 *   }),
 * );
 * // later: binding.unsubscribe() (or registry.unbind('search')) stops the checks
 * ```
 */
export function probe(check: ProbeCheck, options: ProbeOptions = {}): Observable<SettableStatus> {
  if (typeof check !== 'function') throw new TypeError('probe(): check must be a function');
  const settings = probeSettings(options);
  return new Observable<SettableStatus>((subscriber) => {
    const run = new ProbeRun(check, settings, (status) => subscriber.next(status));
    run.start();
    return () => run.stop();
  });
}
