import { createChannel, createClient, createServer, type Client, type Server } from 'nice-grpc';
import {
  HealthDefinition,
  HealthRegistry,
  createHealthService,
  type HealthRegistryOptions,
  type HealthServiceOptions,
} from '../../src/index.js';

/**
 * A real server with the Health service on 127.0.0.1, and a nice-grpc client. `S` is the
 * server's type: nice-grpc's here, grpc-js's for the adapter (see grpc-js-health-server.ts).
 */
export interface HealthServerFixture<S = Server> {
  registry: HealthRegistry;
  server: S;
  /** `127.0.0.1:<port>` */
  address: string;
  port: number;
  client: Client<HealthDefinition>;
  close(): Promise<void>;
}

/** What a fixture factory takes: options for the registry and for the Health service. */
export interface HealthServerOptions {
  registry?: HealthRegistryOptions;
  service?: HealthServiceOptions;
}

/** A nice-grpc server with `createHealthService`. */
export async function startHealthServer(options: HealthServerOptions = {}): Promise<HealthServerFixture> {
  const registry = new HealthRegistry(options.registry);
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry, options.service));
  const port = await server.listen('127.0.0.1:0');
  return connectFixture(registry, server, port);
}

/** The fixture for a listening server: a nice-grpc client on its port, and a close() for both. */
export function connectFixture<S extends { forceShutdown(): void }>(
  registry: HealthRegistry,
  server: S,
  port: number,
): HealthServerFixture<S> {
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
