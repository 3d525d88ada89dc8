import { Subscription } from 'rxjs';
import type { HealthRegistry } from './health-registry.js';
import type { ServingStatus } from '../serving-status.js';

/** One entry of a {@link HealthTimeline}: a service's new status, or a shutdown / resume. */
export type HealthTimelineEntry =
  | { at: number; service: string; status: ServingStatus }
  | { at: number; shutdown: boolean };

/** Options for {@link HealthTimeline}. */
export interface HealthTimelineOptions {
  /** How many of the newest entries it keeps. Default 100. */
  size?: number;
}

/**
 * The last changes of a registry, newest last, bounded: each status change (`at` is the
 * registry's {@link HealthRegistry.changedAt}, in ms since the epoch) and each shutdown and
 * resume. It records from its creation on, so make it next to the registry to keep the
 * start-up; the HTTP bridge's status page shows one (its own, unless given one).
 *
 * @example
 * ```ts
 * const registry = new HealthRegistry();
 * const timeline = new HealthTimeline(registry, { size: 3 });
 * registry.set('db', 'NOT_SERVING');
 * registry.set('db', 'SERVING');
 * registry.shutdown();
 * console.log(timeline.entries().map((entry) => ('service' in entry ? `${entry.service} ${entry.status}` : `shutdown ${entry.shutdown}`)));
 * timeline.stop();
 * ```
 *
 * ```text
 * [ 'db NOT_SERVING', 'db SERVING', 'shutdown true' ]
 * ```
 */
export class HealthTimeline {
  readonly #entries: HealthTimelineEntry[] = [];
  readonly #size: number;
  readonly #subscription = new Subscription();

  /** @throws RangeError for a size that is not a whole number of at least 1. */
  constructor(registry: HealthRegistry, options: HealthTimelineOptions = {}) {
    if (typeof registry?.changes !== 'function' || typeof registry.watchShutdown !== 'function') {
      throw new TypeError('HealthTimeline: registry must be a HealthRegistry');
    }
    const size = options.size ?? 100;
    if (!(Number.isInteger(size) && size >= 1)) {
      throw new RangeError(`HealthTimeline: size must be a whole number of at least 1, got ${String(size)}`);
    }
    this.#size = size;
    this.#subscription.add(
      registry.changes().subscribe(({ service, status }) => {
        // NOTE: a cleared service has no changedAt any more; the time is now.
        this.#push({ at: registry.changedAt(service) ?? Date.now(), service, status });
      }),
    );
    let first = true;
    this.#subscription.add(
      registry.watchShutdown().subscribe((shutdown) => {
        if (!first) this.#push({ at: Date.now(), shutdown });
        first = false;
      }),
    );
  }

  /** The entries it holds, oldest first (a copy). */
  entries(): HealthTimelineEntry[] {
    return this.#entries.slice();
  }

  /** Stops recording; the entries stay readable. */
  stop(): void {
    this.#subscription.unsubscribe();
  }

  #push(entry: HealthTimelineEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#size) this.#entries.shift();
  }
}
