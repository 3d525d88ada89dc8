/**
 * The checks every entry point runs on its options when it is called, so that a bad option
 * fails at once with an error that names it, rather than on the first call it spoils.
 * `api` names the entry point in the message (`createHealthService`, `HealthRegistry`, ...).
 */

/** A value as an error message shows it: strings quoted (cut short), objects by their kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}

/** Throws a TypeError unless `options` is undefined or a plain object; returns it (`{}` for undefined). */
export function checkOptionsObject<T extends object>(api: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}`);
  }
  return options;
}

/**
 * Throws a TypeError naming `name` unless `value` is a number, and a RangeError unless it is a
 * whole number of at least `min`, or Infinity (no limit). Returns it.
 */
export function checkCount(api: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number') throw new TypeError(`${api}: ${name} must be a number, got ${describeValue(value)}`);
  if (!(value >= min && (Number.isInteger(value) || value === Infinity))) {
    throw new RangeError(`${api}: ${name} must be a whole number of at least ${min}, or Infinity for no limit; got ${value}`);
  }
  return value;
}

/** Throws a TypeError naming `name` unless `value` is undefined or a function. */
export function checkOptionalFunction(api: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${api}: ${name} must be a function, got ${describeValue(value)}`);
  }
}
