import * as grpc from '@grpc/grpc-js';
import { createChannel, createClient } from 'nice-grpc';
import { addHealthService } from '../../src/grpc-js/index.js';
import { HealthDefinition, HealthRegistry } from '../../src/index.js';
import type { HealthServerFixture, HealthServerOptions } from './health-server.js';

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
  const address = `127.0.0.1:${port}`;
  const channel = createChannel(address);
  const client = createClient(HealthDefinition, channel);
  return {
    registry,
    server,
    address,
    port,
    client,
    async close() {
      channel.close();
      server.forceShutdown();
    },
  };
}
