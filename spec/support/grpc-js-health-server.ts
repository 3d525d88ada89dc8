import * as grpc from '@grpc/grpc-js';
import { addHealthService } from '../../src/grpc-js/index.js';
import { HealthRegistry } from '../../src/index.js';
import { connectFixture, type HealthServerFixture, type HealthServerOptions } from './health-server.js';

/** A plain @grpc/grpc-js server with `addHealthService`, and a nice-grpc client. */
export async function startGrpcJsHealthServer(
  options: HealthServerOptions = {},
): Promise<HealthServerFixture<grpc.Server>> {
  const registry = new HealthRegistry(options.registry);
  const server = new grpc.Server();
  addHealthService(server, registry, options.service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );
  return connectFixture(registry, server, port);
}
