/**
 * A service's health, as `grpc.health.v1.HealthCheckResponse.ServingStatus` names it.
 *
 * - `SERVING` / `NOT_SERVING`: what a service is set to.
 * - `SERVICE_UNKNOWN`: only ever seen by watchers, for a service that is not registered.
 * - `UNKNOWN`: the proto's zero value; a registry never reports it, but a client may decode it
 *   (and any enum number this version does not know) from another server.
 */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** The statuses `HealthRegistry.set` accepts. */
export type SettableStatus = 'SERVING' | 'NOT_SERVING';

/** Every status name, indexed by its number on the wire. */
export const SERVING_STATUSES: readonly ServingStatus[] = Object.freeze([
  'UNKNOWN',
  'SERVING',
  'NOT_SERVING',
  'SERVICE_UNKNOWN',
]);

/** The number a status has on the wire (`UNKNOWN` 0 ... `SERVICE_UNKNOWN` 3). */
export function servingStatusToNumber(status: ServingStatus): number {
  return SERVING_STATUSES.indexOf(status);
}

/**
 * The status a wire number stands for. Numbers this version does not know decode as `UNKNOWN`,
 * which is what the proto3 rules say an old reader should make of a newer enum value.
 */
export function servingStatusFromNumber(value: number): ServingStatus {
  return SERVING_STATUSES[value] ?? 'UNKNOWN';
}

/** Whether `value` is one of the four status names. */
export function isServingStatus(value: unknown): value is ServingStatus {
  return typeof value === 'string' && (SERVING_STATUSES as readonly string[]).includes(value);
}

/** Whether `value` is a status that `HealthRegistry.set` accepts. */
export function isSettableStatus(value: unknown): value is SettableStatus {
  return value === 'SERVING' || value === 'NOT_SERVING';
}
