import { isSettableStatus, type SettableStatus } from '../serving-status.js';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  return typeof value === 'object' || typeof value === 'function' ? typeof value : String(value);
}

/** Throws a TypeError naming `method` unless `service` is a string. */
export function checkServiceName(method: string, service: unknown): asserts service is string {
  if (typeof service !== 'string') {
    throw new TypeError(`HealthRegistry.${method}(): service must be a string, got ${describe(service)}`);
  }
}

/** Throws a TypeError naming `method` unless `status` is SERVING or NOT_SERVING. */
export function checkSettableStatus(method: string, status: unknown): asserts status is SettableStatus {
  if (!isSettableStatus(status)) {
    throw new TypeError(
      `HealthRegistry.${method}(): status must be 'SERVING' or 'NOT_SERVING', got ${describe(status)}`,
    );
  }
}
