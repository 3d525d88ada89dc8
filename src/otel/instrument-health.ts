import { metrics, type BatchObservableCallback, type MeterProvider } from '@opentelemetry/api';
import type { Subscription } from 'rxjs';
import type { ProbeCheckResult } from '../reactive/probe-options.js';
import type { HealthRegistry } from '../registry/health-registry.js';
import { HEALTH_METRICS } from './metric-names.js';

/** Something that knows how many watches a transport holds open: an object or a function. */
export type WatcherCountSource = { readonly watcherCount: number } | (() => number);

/** Options for {@link instrumentHealth}. */
export interface HealthMetricsOptions {
  /** Where the instruments are created. Default: the global one (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /**
   * Named transports whose watches `livery.health.watchers` reports apart, e.g.
   * `{ http: httpHandler }`. Every other watch (in-process subscriptions, transports not named
   * here) is reported as `transport="other"`, so the points always add up to the registry's
   * `watcherCount`.
   */
  watchers?: Record<string, WatcherCountSource>;
}

/** What {@link instrumentHealth} returns. */
export interface HealthMetrics {
  /**
   * A listener for `probe()`'s `onCheck` that records each check's duration and failures
   * under `probe="name"`.
   *
   * @example
   * ```ts
   * registry.bind('db', probe(ping, { intervalMs: 5_000, onCheck: healthMetrics.probeListener('db') }));
   * ```
   */
  probeListener(name: string): (result: ProbeCheckResult) => void;
  /** Stops reporting: no callback of the registry's is left with the meter, nothing subscribed. */
  stop(): void;
}

// Seconds, like OpenTelemetry's own HTTP and RPC durations: probes are mostly 1 ms to a few s.
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OTHER_TRANSPORT = 'other';

/**
 * Reports a registry's health as OpenTelemetry metrics (see {@link HEALTH_METRICS} for the
 * names): a gauge per service (1 serving, 0 not), a gauge for the shut-down state, a counter of
 * status changes, open watches per transport, and, through {@link HealthMetrics.probeListener},
 * probe check durations and failures. It uses only the registry's public API; gauges are read
 * when the SDK collects, so an idle registry costs nothing between scrapes.
 *
 * Needs `@opentelemetry/api` (an optional peer dependency) and an SDK set up by the application.
 *
 * @example
 * ```ts
 * import { instrumentHealth } from 'livery-grpc-health/otel';
 *
 * const healthMetrics = instrumentHealth(registry, { meterProvider });
 * // scraped as: livery_health_serving{service="db"} 1
 * healthMetrics.stop(); // on shutdown, or in tests
 * ```
 *
 * @throws TypeError when `registry` is not a HealthRegistry or an option is of the wrong kind.
 */
export function instrumentHealth(registry: HealthRegistry, options: HealthMetricsOptions = {}): HealthMetrics {
  if (typeof registry?.changes !== 'function' || typeof registry.list !== 'function') {
    throw new TypeError('instrumentHealth(): registry must be a HealthRegistry');
  }
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  if (typeof provider?.getMeter !== 'function') {
    throw new TypeError('instrumentHealth(): meterProvider must be an OpenTelemetry MeterProvider');
  }
  const transports = checkTransports(options.watchers ?? {});
  const meter = provider.getMeter('livery-grpc-health');

  const serving = meter.createObservableGauge(HEALTH_METRICS.serving, {
    description: 'Whether the service is SERVING (1) or NOT_SERVING (0); "" is the server as a whole.',
    unit: '1',
  });
  const shutdown = meter.createObservableGauge(HEALTH_METRICS.shutdown, {
    description: 'Whether the registry is shut down (1): every service reports NOT_SERVING until resumed.',
    unit: '1',
  });
  const watchers = meter.createObservableUpDownCounter(HEALTH_METRICS.watchers, {
    description: 'Open watches of service statuses, per transport.',
    unit: '{watcher}',
  });
  const changes = meter.createCounter(HEALTH_METRICS.statusChanges, {
    description: 'Status changes told to watchers, per service and new status (SERVICE_UNKNOWN: cleared).',
    unit: '{change}',
  });
  const durations = meter.createHistogram(HEALTH_METRICS.probeDuration, {
    description: 'How long probe checks take, per probe and outcome.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const failures = meter.createCounter(HEALTH_METRICS.probeFailures, {
    description: 'Failed probe checks, per probe and reason (timeout or error).',
    unit: '{failure}',
  });

  const observe: BatchObservableCallback = (result) => {
    for (const [service, status] of registry.list()) result.observe(serving, status === 'SERVING' ? 1 : 0, { service });
    result.observe(shutdown, registry.isShutdown ? 1 : 0);
    let named = 0;
    for (const [transport, count] of transports) {
      const value = count();
      named += value;
      result.observe(watchers, value, { transport });
    }
    // NOTE: never below 0, even when a transport counts a watch the registry has already released.
    result.observe(watchers, Math.max(0, registry.watcherCount - named), { transport: OTHER_TRANSPORT });
  };
  const observables = [serving, shutdown, watchers];
  meter.addBatchObservableCallback(observe, observables);
  const subscription: Subscription = registry
    .changes()
    .subscribe(({ service, status }) => changes.add(1, { service, status }));
  let stopped = false;

  return {
    probeListener(name) {
      if (typeof name !== 'string') throw new TypeError('HealthMetrics.probeListener(): name must be a string');
      return ({ passed, durationMs, reason }) => {
        if (stopped) return;
        if (durationMs !== undefined) durations.record(durationMs / 1_000, { probe: name, outcome: passed ? 'pass' : 'fail' });
        if (passed) return;
        const timedOut = durationMs === undefined || (reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
        failures.add(1, { probe: name, reason: timedOut ? 'timeout' : 'error' });
      };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      subscription.unsubscribe();
      meter.removeBatchObservableCallback(observe, observables);
    },
  };
}

function checkTransports(sources: Record<string, WatcherCountSource>): Array<[string, () => number]> {
  if (typeof sources !== 'object' || sources === null) {
    throw new TypeError('instrumentHealth(): watchers must be an object of transport names');
  }
  return Object.entries(sources).map(([transport, source]) => {
    if (transport === OTHER_TRANSPORT) {
      throw new TypeError(`instrumentHealth(): watchers.${OTHER_TRANSPORT} is reserved for the watches no transport claims`);
    }
    if (typeof source === 'function') return [transport, source];
    if (typeof (source as { watcherCount?: unknown } | null)?.watcherCount === 'number') {
      return [transport, () => source.watcherCount];
    }
    throw new TypeError(`instrumentHealth(): watchers.${transport} must be a function or have a numeric watcherCount`);
  });
}
