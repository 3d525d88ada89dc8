import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry, probe } from '../../src/index.js';
import { HEALTH_METRICS, instrumentHealth, type HealthMetrics } from '../../src/otel/index.js';
import { within } from '../support/bounded.js';

// The real SDK end to end: instruments -> MeterProvider -> reader -> in-memory exporter.
function sdk(temporality = AggregationTemporality.CUMULATIVE) {
  const exporter = new InMemoryMetricExporter(temporality);
  // NOTE: the interval is never reached; every reading is a forceFlush().
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    /** The data points of each metric, from a fresh collection. */
    async collect(): Promise<Map<string, DataPoint<unknown>[]>> {
      exporter.reset();
      await reader.forceFlush();
      const points = new Map<string, DataPoint<unknown>[]>();
      for (const { scopeMetrics } of exporter.getMetrics()) {
        for (const { scope, metrics: collected } of scopeMetrics) {
          expect(scope.name).toBe('livery-grpc-health');
          for (const metric of collected) points.set(metric.descriptor.name, metric.dataPoints);
        }
      }
      return points;
    },
    shutdown: () => meterProvider.shutdown(),
  };
}

/** `{attribute value(s) joined by '/': value}` for one metric, to compare in one line. */
function byAttributes(points: DataPoint<unknown>[] | undefined, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(
    (points ?? []).map((point) => [keys.map((key) => String(point.attributes[key])).join('/'), point.value]),
  );
}

const stops: Array<() => unknown> = [];
function instrument(...args: Parameters<typeof instrumentHealth>): HealthMetrics {
  const healthMetrics = instrumentHealth(...args);
  stops.push(() => healthMetrics.stop());
  return healthMetrics;
}
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('instrumentHealth()', () => {
  // NOTE: delta temporality, because the JS SDK goes on exporting a gauge's attribute sets that
  // a callback stopped observing under cumulative temporality (the specification says it
  // SHOULD NOT); see docs on metrics.
  it('reports a gauge per registered service: 1 SERVING, 0 NOT_SERVING; a cleared service drops out', async () => {
    const { meterProvider, collect, shutdown } = sdk(AggregationTemporality.DELTA);
    stops.push(shutdown);
    const registry = new HealthRegistry();
    instrument(registry, { meterProvider });
    registry.set('db', 'SERVING');
    registry.set('cache', 'NOT_SERVING');
    const first = await collect();
    expect(byAttributes(first.get(HEALTH_METRICS.serving), 'service')).toEqual({ '': 1, db: 1, cache: 0 });
    expect(byAttributes(first.get(HEALTH_METRICS.shutdown))).toEqual({ '': 0 });

    registry.clear('cache');
    registry.set('db', 'NOT_SERVING');
    const second = await collect();
    expect(byAttributes(second.get(HEALTH_METRICS.serving), 'service')).toEqual({ '': 1, db: 0 });
  });

  it('shows a shutdown: every service at 0 and the shutdown gauge at 1, until resume()', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    const registry = new HealthRegistry();
    registry.set('db', 'SERVING');
    instrument(registry, { meterProvider });
    registry.shutdown();
    const drained = await collect();
    expect(byAttributes(drained.get(HEALTH_METRICS.serving), 'service')).toEqual({ '': 0, db: 0 });
    expect(byAttributes(drained.get(HEALTH_METRICS.shutdown))).toEqual({ '': 1 });
    registry.resume();
    const resumed = await collect();
    expect(byAttributes(resumed.get(HEALTH_METRICS.serving), 'service')).toEqual({ '': 1, db: 1 });
    expect(byAttributes(resumed.get(HEALTH_METRICS.shutdown))).toEqual({ '': 0 });
  });

  it('counts every status change per service and new status, and not a set that changes nothing', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    const registry = new HealthRegistry();
    instrument(registry, { meterProvider });
    registry.set('db', 'SERVING');
    registry.set('db', 'SERVING'); // no change
    registry.set('db', 'NOT_SERVING');
    registry.set('db', 'SERVING');
    registry.clear('db');
    registry.set('', 'NOT_SERVING');
    const points = await collect();
    expect(byAttributes(points.get(HEALTH_METRICS.statusChanges), 'service', 'status')).toEqual({
      'db/SERVING': 2,
      'db/NOT_SERVING': 1,
      'db/SERVICE_UNKNOWN': 1,
      '/NOT_SERVING': 1,
    });
  });

  it('reports watches per named transport, and the rest as "other", adding up to the registry\'s count', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    const registry = new HealthRegistry();
    const streams = { watcherCount: 0 };
    instrument(registry, { meterProvider, watchers: { http: streams, grpc: () => 1 } });
    const subscriptions = ['db', 'db', '', 'cache'].map((service) => registry.watch(service).subscribe());
    streams.watcherCount = 2; // as if two of the four were event streams, and one a gRPC Watch
    const points = await collect();
    expect(byAttributes(points.get(HEALTH_METRICS.watchers), 'transport')).toEqual({ http: 2, grpc: 1, other: 1 });
    for (const subscription of subscriptions) subscription.unsubscribe();
    streams.watcherCount = 0;
    const after = await collect();
    expect(byAttributes(after.get(HEALTH_METRICS.watchers), 'transport')).toEqual({ http: 0, grpc: 1, other: 0 });
  });

  it('records probe check durations (in seconds) and failures from real probes', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    const registry = new HealthRegistry();
    const healthMetrics = instrument(registry, { meterProvider });
    const slow = () => new Promise((resolve) => setTimeout(() => resolve(true), 30));
    let fails = 0;
    const broken = async () => {
      fails++;
      throw new Error('connection refused');
    };
    const hung = () => new Promise(() => {});
    const options = { intervalMs: 5, failureThreshold: 1 } as const;
    registry.bind('search', probe(slow, { ...options, onCheck: healthMetrics.probeListener('search') }));
    registry.bind('db', probe(broken, { ...options, onCheck: healthMetrics.probeListener('db') }));
    registry.bind('queue', probe(hung, { ...options, timeoutMs: 10, onCheck: healthMetrics.probeListener('queue') }));
    // Each probe has concluded at least twice once the slow one has passed twice.
    const passed = new Promise<void>((resolve) => {
      let serving = 0;
      registry.watch('search').subscribe((status) => status === 'SERVING' && ++serving && resolve());
    });
    await within(5_000, 'search to turn SERVING', passed);
    await within(5_000, 'the probes to run twice', new Promise((resolve) => setTimeout(resolve, 80)));
    registry.unbindAll();

    const points = await collect();
    const durations = points.get(HEALTH_METRICS.probeDuration)!;
    const search = durations.find((point) => point.attributes.probe === 'search')!;
    expect(search.attributes.outcome).toBe('pass');
    const histogram = search.value as Histogram;
    expect(histogram.count).toBeGreaterThanOrEqual(1);
    expect(histogram.min).toBeGreaterThanOrEqual(0.025); // 30 ms, in seconds (timers fire early by up to 1 ms)
    expect(histogram.max).toBeLessThan(5);
    expect(histogram.buckets.boundaries).toContain(0.05);
    const dbPoint = durations.find((point) => point.attributes.probe === 'db')!;
    expect(dbPoint.attributes.outcome).toBe('fail');
    expect((dbPoint.value as Histogram).count).toBe(fails);

    const failures = byAttributes(points.get(HEALTH_METRICS.probeFailures), 'probe', 'reason');
    expect(failures['db/error']).toBe(fails);
    expect(failures['queue/timeout']).toBeGreaterThanOrEqual(2);
    expect(failures['search/error']).toBeUndefined();
    expect(registry.stats().bindings).toBe(0);
  });

  it('stop() leaves no callback with the meter and no subscription on the registry', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    const registry = new HealthRegistry();
    const healthMetrics = instrumentHealth(registry, { meterProvider });
    const listener = healthMetrics.probeListener('db');
    registry.set('db', 'SERVING');
    healthMetrics.stop();
    healthMetrics.stop(); // twice is harmless
    registry.set('db', 'NOT_SERVING');
    listener({ passed: false, durationMs: 3, reason: new Error('down') });
    const points = await collect();
    expect(points.get(HEALTH_METRICS.serving) ?? []).toEqual([]);
    expect(byAttributes(points.get(HEALTH_METRICS.statusChanges), 'service', 'status')).toEqual({ 'db/SERVING': 1 });
    expect(points.get(HEALTH_METRICS.probeFailures) ?? []).toEqual([]);
  });

  it('uses the global MeterProvider by default', async () => {
    const { meterProvider, collect, shutdown } = sdk();
    stops.push(shutdown);
    expect(metrics.setGlobalMeterProvider(meterProvider)).toBe(true);
    stops.push(() => metrics.disable());
    instrument(new HealthRegistry());
    const points = await collect();
    expect(byAttributes(points.get(HEALTH_METRICS.serving), 'service')).toEqual({ '': 1 });
  });

  it.each([
    ['a registry that is not one', [{}], /registry must be a HealthRegistry/],
    ['a meterProvider without getMeter', [new HealthRegistry(), { meterProvider: {} }], /meterProvider must be an OpenTelemetry MeterProvider/],
    ['a watchers entry that counts nothing', [new HealthRegistry(), { watchers: { http: {} } }], /watchers\.http must be a function or have a numeric watcherCount/],
    ['the reserved transport "other"', [new HealthRegistry(), { watchers: { other: () => 0 } }], /watchers\.other is reserved/],
  ])('rejects %s with a TypeError', (_, args, message) => {
    expect(() => instrumentHealth(...(args as Parameters<typeof instrumentHealth>))).toThrow(TypeError);
    expect(() => instrumentHealth(...(args as Parameters<typeof instrumentHealth>))).toThrow(message);
  });
});
