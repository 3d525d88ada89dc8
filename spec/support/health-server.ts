import { createChannel, createClient, createServer, type Client, type Server } from 'nice-grpc';
import {
  HealthDefinition,
  HealthRegistry,
  createHealthService,
  type HealthRegistryOptions,
  type HealthServiceOptions,
} from '../../src/index.js';

/** A real nice-grpc server with the Health service on 127.0.0.1, and a nice-grpc client. */
export interface HealthServerFixture {
  registry: HealthRegistry;
  server: Server;
  /** `127.0.0.1:<port>` */
  address: string;
  port: number;
  client: Client<HealthDefinition>;
  close(): Promise<void>;
}

export async function startHealthServer(
  options: { registry?: HealthRegistryOptions; service?: HealthServiceOptions } = {},
): Promise<HealthServerFixture> {
  const registry = new HealthRegistry(options.registry);
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry, options.service));
  const port = await server.listen('127.0.0.1:0');
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
