// Type-checked, never run: spec/package/types-matrix.spec.ts compiles it against the packed
// package with each TypeScript, @types/node, module kind and resolution of the matrix (strict,
// skipLibCheck false, lib esnext). It touches every entry point and the types a user names.
import { createServer } from 'nice-grpc';
import {
  HealthDefinition,
  HealthRegistry,
  allServing,
  createHealthService,
  gracefulShutdown,
  latestValues,
  probe,
  type HealthChange,
  type LatestValueIterator,
  type ServingStatus,
  type SettableStatus,
} from 'livery-grpc-health';
import { addHealthService, type HealthServiceOptions } from 'livery-grpc-health/grpc-js';
import { createHealthHttpHandler, type HealthHttpHandler } from 'livery-grpc-health/http';
import { instrumentHealth, type HealthMetrics } from 'livery-grpc-health/otel';

const registry = new HealthRegistry({ serverStatus: 'NOT_SERVING' });
const status: SettableStatus | undefined = registry.status('');
// @ts-expect-error: only SERVING and NOT_SERVING can be set
registry.set('db', 'SERVICE_UNKNOWN');
registry.bind('db', probe(async (signal: AbortSignal) => signal.aborted, { intervalMs: 1_000 }));
registry.bind('', allServing(registry, ['db']));
registry.changes().subscribe((change: HealthChange) => change.status);

const options: HealthServiceOptions = { maxWatchers: 10 };
const server = createServer();
server.add(HealthDefinition, createHealthService(registry, options));
const drain = gracefulShutdown(server, registry, { drainDelayMs: 5_000 });

// The Watch iterator is an async iterable, whatever the lib says an AsyncGenerator must have.
const iterator: LatestValueIterator<ServingStatus> = latestValues(registry.watch(''), AbortSignal.timeout(10));
const iterable: AsyncIterable<ServingStatus> = iterator;
const handler: HealthHttpHandler = createHealthHttpHandler(registry, { basePath: '/healthz' });
const metrics: HealthMetrics = instrumentHealth(registry);

export { addHealthService, drain, handler, iterable, metrics, status };
