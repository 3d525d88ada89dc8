// Type-checked, never run, like main.ts: CommonJS syntax under a bundler's resolution
// (`module: preserve`), so TypeScript resolves the "require" conditions (dist/cjs).
import health = require('livery-grpc-health');
import grpcJs = require('livery-grpc-health/grpc-js');
import http = require('livery-grpc-health/http');
import otel = require('livery-grpc-health/otel');

const registry = new health.HealthRegistry();
// @ts-expect-error: only SERVING and NOT_SERVING can be set
registry.set('db', 'SERVICE_UNKNOWN');
const iterator: health.LatestValueIterator<health.ServingStatus> = health.latestValues(registry.watch(''), AbortSignal.timeout(10));
const iterable: AsyncIterable<health.ServingStatus> = iterator;
const options: grpcJs.HealthServiceOptions = { maxListServices: 10 };

export = {
  iterable,
  options,
  add: grpcJs.addHealthService,
  handler: http.createHealthHttpHandler(registry),
  metrics: otel.instrumentHealth(registry),
};
