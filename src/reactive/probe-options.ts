import type { SettableStatus } from '../serving-status.js';
import { checkOptionsObject, describeValue } from '../option-checks.js';
import { MAX_TIMER_MS } from '../timer-limit.js';

/**
 * A health check that {@link probe} runs: it passes unless it throws, rejects, times out, or
 * resolves to `false` or `'NOT_SERVING'`. It should stop its work when `signal` aborts (on
 * timeout, or when the probe is unsubscribed), e.g. by handing the signal to `fetch` or a driver.
 */
export type ProbeCheck = (signal: AbortSignal) => unknown;

/** Options for {@link probe}. Defaults follow Kubernetes probes. */
export interface ProbeOptions {
  /** The wait from the end of one check to the start of the next. Default 10,000 ms. */
  intervalMs?: number;
  /**
   * A check that has not settled after this long fails, and its signal aborts with a
   * `TimeoutError`. Default 1,000 ms.
   */
  timeoutMs?: number;
  /** Consecutive failures it takes to turn NOT_SERVING. Default 3. */
  failureThreshold?: number;
  /** Consecutive passes it takes to turn SERVING. Default 1. */
  successThreshold?: number;
  /**
   * The status emitted on subscribe, before any check has run. Default `'NOT_SERVING'`, like a
   * Kubernetes readiness probe: out of rotation until `successThreshold` checks have passed.
   * `'SERVING'` is the liveness behaviour: in until `failureThreshold` checks have failed.
   */
  initialStatus?: SettableStatus;
  /** The wait before the first check. Default 0. */
  initialDelayMs?: number;
  /**
   * Up to this much random time is added to each interval, so that many processes do not
   * check a shared dependency in step. Default 0.
   */
  jitterMs?: number;
  /** Told the reason of every failed check (its error, a `TimeoutError`, ...): for logs. */
  onFailure?: (reason: unknown) => void;
  /**
   * Told the outcome of every check, passed or failed, with how long it took: for metrics
   * (`livery-grpc-health/otel` gives one, see `HealthMetrics.probeListener`).
   */
  onCheck?: (result: ProbeCheckResult) => void;
}

/** What {@link ProbeOptions.onCheck} is told after each check. */
export interface ProbeCheckResult {
  /** Whether the check passed. */
  passed: boolean;
  /**
   * How long the check took, in milliseconds (about `timeoutMs` for one that timed out).
   * `undefined` when no check ran because the previous one still ignores its timeout; that
   * interval counts as a failure.
   */
  durationMs: number | undefined;
  /** Why it failed (its error, a `TimeoutError`, ...); `undefined` when it passed. */
  reason: unknown;
}

/** {@link ProbeOptions} with every default filled in and checked. */
export type ProbeSettings = Required<Omit<ProbeOptions, 'onFailure' | 'onCheck'>> & Pick<ProbeOptions, 'onFailure' | 'onCheck'>;

function checkNumber(name: string, value: number, min: number, integer = false): number {
  if (typeof value !== 'number') throw new TypeError(`probe(): ${name} must be a number, got ${describeValue(value)}`);
  if (!(value >= min) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a finite number';
    throw new RangeError(`probe(): ${name} must be ${kind} of at least ${min}, got ${String(value)}`);
  }
  return value;
}

function checkDelay(name: string, value: number, min: number): number {
  checkNumber(name, value, min);
  // NOTE: a longer delay would fire after 1 ms: a busy loop of checks.
  if (value > MAX_TIMER_MS) throw new RangeError(`probe(): ${name} must be at most ${MAX_TIMER_MS} ms (what a timer holds), got ${value}`);
  return value;
}

/** Fills in defaults; throws a RangeError or TypeError naming the bad option. */
export function probeSettings(given: ProbeOptions | undefined): ProbeSettings {
  const options = checkOptionsObject('probe()', given);
  const initialStatus = options.initialStatus ?? 'NOT_SERVING';
  if (initialStatus !== 'SERVING' && initialStatus !== 'NOT_SERVING') {
    throw new TypeError(`probe(): initialStatus must be 'SERVING' or 'NOT_SERVING', got ${describeValue(initialStatus)}`);
  }
  if (options.onFailure !== undefined && typeof options.onFailure !== 'function') {
    throw new TypeError('probe(): onFailure must be a function');
  }
  if (options.onCheck !== undefined && typeof options.onCheck !== 'function') {
    throw new TypeError('probe(): onCheck must be a function');
  }
  return {
    intervalMs: checkDelay('intervalMs', options.intervalMs ?? 10_000, 1),
    timeoutMs: checkDelay('timeoutMs', options.timeoutMs ?? 1_000, 1),
    failureThreshold: checkNumber('failureThreshold', options.failureThreshold ?? 3, 1, true),
    successThreshold: checkNumber('successThreshold', options.successThreshold ?? 1, 1, true),
    initialStatus,
    initialDelayMs: checkDelay('initialDelayMs', options.initialDelayMs ?? 0, 0),
    jitterMs: checkDelay('jitterMs', options.jitterMs ?? 0, 0),
    onFailure: options.onFailure,
    onCheck: options.onCheck,
  };
}
