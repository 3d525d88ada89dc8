// Ours through nice-grpc, exactly as the README shows it.
import { createServer } from 'nice-grpc';
import { HealthDefinition, HealthRegistry, createHealthService } from 'livery-grpc-health';

export async function start() {
  const registry = new HealthRegistry();
  const server = createServer();
  server.add(HealthDefinition, createHealthService(registry));
  const port = await server.listen('127.0.0.1:0');
  return {
    port,
    set: (service, status) => registry.set(service, status),
    openStreams: () => registry.watcherCount,
  };
}
