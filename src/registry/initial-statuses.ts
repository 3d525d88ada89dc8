import { describeValue } from '../option-checks.js';
import { isSettableStatus, type SettableStatus } from '../serving-status.js';

/**
 * The statuses a registry starts with: a plain object (`{ '': 'NOT_SERVING', db: 'SERVING' }`,
 * what grpc-health-check's constructor takes) or any iterable of `[service, status]` pairs
 * (a `Map`, for example another registry's `list()`).
 */
export type InitialStatuses = Readonly<Record<string, SettableStatus>> | Iterable<readonly [string, SettableStatus]>;

/**
 * The `statuses` option as checked pairs, in order.
 *
 * @throws TypeError naming the entry for anything that is not a name and SERVING / NOT_SERVING.
 */
export function initialStatuses(statuses: InitialStatuses | undefined): Array<[string, SettableStatus]> {
  if (statuses === undefined) return [];
  if (statuses === null || typeof statuses !== 'object') {
    throw new TypeError(`new HealthRegistry(): statuses must be an object or an iterable of [service, status] pairs, got ${describeValue(statuses)}`);
  }
  const pairs: unknown[] = Symbol.iterator in statuses ? [...(statuses as Iterable<unknown>)] : Object.entries(statuses);
  return pairs.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`new HealthRegistry(): statuses must hold [service, status] pairs, got ${describeValue(pair)}`);
    }
    const [service, status] = pair as [unknown, unknown];
    if (typeof service !== 'string') {
      throw new TypeError(`new HealthRegistry(): statuses must name services with strings, got ${describeValue(service)}`);
    }
    if (!isSettableStatus(status)) {
      // NOTE: grpc-health-check's map may say UNKNOWN; every prober treats it as not serving.
      const hint = status === 'UNKNOWN' ? " (for grpc-health-check's UNKNOWN, use 'NOT_SERVING')" : '';
      throw new TypeError(
        `new HealthRegistry(): statuses[${JSON.stringify(service)}] must be 'SERVING' or 'NOT_SERVING', got ${describeValue(status)}${hint}`,
      );
    }
    return [service, status];
  });
}
