import { startGrpcJsHealthServer } from './grpc-js-health-server.js';
import { startHealthServer, type HealthServerFixture, type HealthServerOptions } from './health-server.js';

/** A way to serve health: a name for test titles, and its fixture factory. */
export interface HealthServerKind {
  name: string;
  start(options?: HealthServerOptions): Promise<HealthServerFixture<unknown>>;
}

/**
 * Every server kind the package supports: specs run their end-to-end cases over each, so the
 * nice-grpc service and the grpc-js adapter are held to the same behaviour.
 */
export const HEALTH_SERVER_KINDS: readonly HealthServerKind[] = [
  { name: 'createHealthService (nice-grpc)', start: startHealthServer },
  { name: 'addHealthService (@grpc/grpc-js)', start: startGrpcJsHealthServer },
];
