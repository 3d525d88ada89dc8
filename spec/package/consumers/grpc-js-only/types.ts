// Compiled (not run) by spec/package/packed-package.spec.ts: the grpc-js entry's declarations
// must compile with nice-grpc absent, strict and with skipLibCheck off.
import * as grpc from '@grpc/grpc-js';
import { HealthRegistry, addHealthService, type HealthServiceOptions, type ServingStatus } from 'livery-grpc-health/grpc-js';

const registry = new HealthRegistry();
const options: HealthServiceOptions = { maxListServices: 10 };
addHealthService(new grpc.Server(), registry, options);
const status: ServingStatus | undefined = registry.status('');
export { status };
